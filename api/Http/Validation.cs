using IpGuard.Grains;
using System.Text.RegularExpressions;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Http;

/// <summary>Collects field errors under the contract's camelCase field paths.</summary>
internal sealed partial class Validation
{
    public const int MaxIdLength = 128;
    public const int MaxImageHashLength = 256;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IResult Problem() => Problems.Validation(Errors());

    public Dictionary<string, string[]> Errors() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>An id: 1–128 characters of [A-Za-z0-9._:-].</summary>
    public bool Id(string field, string? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return !required;
        }

        if (!IsId(value))
        {
            Add(field, "must be 1–128 characters of A-Z a-z 0-9 . _ : -");
            return false;
        }

        return true;
    }

    public static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(value);

    public void Text(string field, string? value, int min, int max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return;
        }

        if (value.Length < min || value.Length > max)
        {
            Add(field, min > 0 ? $"must be {min}–{max} characters" : $"must be at most {max} characters");
        }
        else if (min > 0 && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be blank");
        }
    }

    /// <summary>Money: amount ≥ 0 with at most 2 decimals, an ISO 4217 style currency code.</summary>
    public Money? Money(string field, MoneyDto? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        var ok = true;
        if (value.Amount is not { } amount)
        {
            Add($"{field}.amount", "is required");
            ok = false;
        }
        else if (amount < 0 || amount > 1_000_000_000_000m || decimal.Round(amount, 2) != amount)
        {
            Add($"{field}.amount", "must be between 0 and 1e12 with at most 2 decimals");
            ok = false;
        }

        if (value.Currency is null || !CurrencyPattern().IsMatch(value.Currency))
        {
            Add($"{field}.currency", "must be a three-letter ISO 4217 code such as USD");
            ok = false;
        }

        return ok ? new Money(value.Amount!.Value, value.Currency!) : null;
    }

    /// <summary>A lower_snake_case enum value, or an error listing the allowed ones.</summary>
    public TEnum? Enum<TEnum>(string field, string? value, bool required = true) where TEnum : struct, Enum
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(Names.Of(candidate), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        Add(field, $"must be one of: {string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => Names.Of(v)))}");
        return null;
    }

    public void Ids(string field, IReadOnlyList<string?>? values, int max, bool required = false)
    {
        if (values is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return;
        }

        if (values.Count > max)
        {
            Add(field, $"must have at most {max} items");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Id($"{field}[{i}]", values[i]);
        }
    }

    public void Texts(string field, IReadOnlyList<string?>? values, int maxItems, int maxLength, bool required = false)
    {
        if (values is null)
        {
            if (required)
            {
                Add(field, "is required");
            }

            return;
        }

        if (values.Count > maxItems)
        {
            Add(field, $"must have at most {maxItems} items");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Text($"{field}[{i}]", values[i], 1, maxLength);
        }
    }

    /// <summary>Image hashes, as a listing's photos and a brand's official photos carry them: 1–256 characters each.</summary>
    public void ImageHashes(string field, IReadOnlyList<string?>? values, int maxItems) => Texts(field, values, maxItems, MaxImageHashLength);

    public Fingerprints? Fingerprints(string field, FingerprintsDto? value)
    {
        if (value is null)
        {
            return null;
        }

        Text($"{field}.bankAccountHash", value.BankAccountHash, 1, 256, required: false);
        Text($"{field}.deviceId", value.DeviceId, 1, 256, required: false);
        Text($"{field}.addressHash", value.AddressHash, 1, 256, required: false);
        Text($"{field}.taxIdHash", value.TaxIdHash, 1, 256, required: false);
        return new Fingerprints(value.BankAccountHash, value.DeviceId, value.AddressHash, value.TaxIdHash);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}

/// <summary>Money as it arrives on the wire, before validation.</summary>
[OpenApi.RequestSchema]
public sealed record MoneyDto(decimal? Amount, string? Currency);

/// <summary>Fingerprints as they arrive on the wire, before validation; each is optional.</summary>
[OpenApi.RequestSchema]
public sealed record FingerprintsDto(string? BankAccountHash = null, string? DeviceId = null, string? AddressHash = null, string? TaxIdHash = null);
