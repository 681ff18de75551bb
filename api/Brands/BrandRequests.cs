using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Brands;

/// <summary>PUT /v1/brands/{brandId}: the Brand Registry entry.</summary>
[RequestSchema]
public sealed record BrandRequest(
    string? Name,
    List<string?>? Trademarks,
    List<string?>? ProtectedTerms,
    List<string?>? AuthorizedSellers,
    MoneyDto? ReferencePrice = null,
    bool? Restricted = null,
    bool? SelfServiceTakedown = null,
    List<string?>? OfficialImageHashes = null)
{
    public const int MaxTerms = 500;
    public const int MaxSellers = 10_000;

    /// <summary>A brand's official photos: enough for its catalogue's hero shots, small enough for every silo's registry copy.</summary>
    public const int MaxOfficialImages = 100;

    internal BrandRegistryEntry? Validate(string brandId, Validation v)
    {
        v.Id("brandId", brandId);
        v.Text("name", Name, 1, 200);
        v.Texts("trademarks", Trademarks, MaxTerms, 200, required: true);
        v.Texts("protectedTerms", ProtectedTerms, MaxTerms, 200, required: true);
        v.Ids("authorizedSellers", AuthorizedSellers, MaxSellers, required: true);
        var reference = v.Money("referencePrice", ReferencePrice, required: false);
        v.ImageHashes("officialImageHashes", OfficialImageHashes, MaxOfficialImages);
        return v.IsValid
            ? new BrandRegistryEntry(brandId, Name!, Clean(Trademarks), Clean(ProtectedTerms), Clean(AuthorizedSellers), reference, Restricted ?? false, SelfServiceTakedown ?? false,
                Clean(OfficialImageHashes))
            : null;
    }

    private static string[] Clean(List<string?>? values) => values is null ? [] : values.Select(s => s!).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>POST /v1/brands/{brandId}/authorized-sellers.</summary>
[RequestSchema]
public sealed record AuthorizedSellersRequest(List<string?>? Add = null, List<string?>? Remove = null)
{
    internal bool Validate(Validation v)
    {
        v.Ids("add", Add, BrandRequest.MaxSellers);
        v.Ids("remove", Remove, BrandRequest.MaxSellers);
        if (Add is null && Remove is null)
        {
            v.Add("add", "one of add or remove is required");
        }

        return v.IsValid;
    }
}

/// <summary>The answer to minting a brand key; the key is shown once and never stored.</summary>
public sealed record ApiKeyMinted(string ApiKey, string BrandId, IReadOnlyList<string> Roles);
