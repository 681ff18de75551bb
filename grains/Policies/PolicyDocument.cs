using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// A policy version as a document: the JSON of <see cref="RiskPolicy"/> with web defaults
/// (camelCase) plus an optional <c>note</c>. Parsing refuses unknown properties and names every
/// bad field, so that a typo in a weight's name cannot silently leave the default in place.
/// </summary>
public static class PolicyDocument
{
    public const int MaxNoteLength = 1000;
    public const int MaxTerms = 1000;
    public const int MaxTermLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    /// <summary>The document of a policy: version first, then the note, then the settings.</summary>
    public static string Serialize(RiskPolicy policy, string? note)
    {
        var settings = JsonSerializer.SerializeToNode(policy, Json)!.AsObject();
        var document = new JsonObject { ["version"] = policy.Version };
        if (note is not null)
        {
            document["note"] = note;
        }

        foreach (var (name, value) in settings.ToList())
        {
            if (name != "version")
            {
                settings.Remove(name);
                document[name] = value;
            }
        }

        return document.ToJsonString(Json);
    }

    /// <summary>A stored (already validated) document's policy.</summary>
    public static RiskPolicy Load(string document)
    {
        var node = JsonNode.Parse(document)!.AsObject();
        node.Remove("note");
        return node.Deserialize<RiskPolicy>(Json)!;
    }

    /// <summary>A document from a file (a fitted candidate, IpGuard:PolicyFile); settings it leaves out keep their defaults.</summary>
    public static RiskPolicy Read(string document) => Load(document);

    /// <summary>The document of a policy as a file reviewed like code: indented, ending in a newline.</summary>
    public static string Write(RiskPolicy policy, string? note) =>
        JsonNode.Parse(Serialize(policy, note))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>Replaces every setting of <paramref name="target"/> with those of <paramref name="source"/>.</summary>
    public static void CopyTo(RiskPolicy source, RiskPolicy target)
    {
        target.Version = source.Version;
        target.Decisions = source.Decisions;
        target.Bands = source.Bands;
        target.Listing = source.Listing;
        target.Seller = source.Seller;
        target.Enforcement = source.Enforcement;
    }

    /// <summary>
    /// Parses and validates a document sent for <paramref name="version"/>: the policy and its note,
    /// or the errors under camelCase field paths (<c>listing.buyerReport</c>).
    /// </summary>
    public static PolicyParse Parse(ReadOnlySpan<byte> utf8, string version)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        JsonObject document;
        try
        {
            if (JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject parsed)
            {
                Add("body", "must be a JSON object");
                return new PolicyParse(null, null, errors);
            }

            document = parsed;
        }
        catch (JsonException e)
        {
            Add("body", e.Message.Split(" Path:", 2)[0]);
            return new PolicyParse(null, null, errors);
        }

        string? note = null;
        if (document.TryGetPropertyValue("note", out var noteNode))
        {
            document.Remove("note");
            if (noteNode is JsonValue value && value.TryGetValue<string>(out var text))
            {
                note = text;
                if (text.Length > MaxNoteLength)
                {
                    Add("note", $"must be at most {MaxNoteLength} characters");
                }
            }
            else if (noteNode is not null)
            {
                Add("note", "must be a string");
            }
        }

        if (!document.TryGetPropertyValue("version", out var versionNode) || versionNode is null)
        {
            Add("version", "is required");
        }
        else if (versionNode is not JsonValue v || !v.TryGetValue<string>(out var sent))
        {
            Add("version", "must be a string");
        }
        else if (!string.Equals(sent, version, StringComparison.Ordinal))
        {
            Add("version", $"must equal the version in the path ('{version}')");
        }

        Unknown(document, typeof(RiskPolicy), "", Add);
        RiskPolicy? policy = null;
        try
        {
            // Unknown properties were named above, all of them; the first wrong type stops here.
            policy = document.Deserialize<RiskPolicy>(Json);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            Add(path, "has a value of the wrong type or out of range");
        }

        if (policy is not null)
        {
            Validate(policy, Add);
        }

        return new PolicyParse(errors.Count == 0 ? policy : null, note, errors);
    }

    /// <summary>Names every property the policy does not have, at any depth.</summary>
    private static void Unknown(JsonObject node, Type type, string prefix, Action<string, string> add)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in node)
        {
            var field = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (!properties.TryGetValue(name, out var property))
            {
                add(field, "is not a policy setting");
            }
            else if (value is JsonObject child && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                Unknown(child, property.PropertyType, field, add);
            }
        }
    }

    /// <summary>Names each setting out of range or out of order.</summary>
    public static void Validate(RiskPolicy policy, Action<string, string> add)
    {
        if (policy.Version is not { Length: > 0 and <= 128 } || !policy.Version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
        {
            add("version", "must be 1–128 characters of A-Z a-z 0-9 . _ : -");
        }

        var sections = new (string Name, object? Value)[]
        {
            ("decisions", policy.Decisions), ("bands", policy.Bands), ("listing", policy.Listing),
            ("seller", policy.Seller), ("enforcement", policy.Enforcement),
        };
        foreach (var (name, value) in sections)
        {
            if (value is null)
            {
                add(name, "is required");
                continue;
            }

            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                CheckSetting($"{name}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}", property.Name, property.GetValue(value), add);
            }
        }

        if (policy.Decisions is { } d)
        {
            Ascending(add, "decisions", ("monitor", d.Monitor), ("review", d.Review), ("restrict", d.Restrict), ("suspend", d.Suspend));
            if (d.HysteresisMargin >= d.Monitor && d.Monitor > 0)
            {
                add("decisions.hysteresisMargin", $"must be below decisions.monitor ({d.Monitor})");
            }
        }

        if (policy.Bands is { } b)
        {
            Ascending(add, "bands", ("medium", b.Medium), ("high", b.High), ("critical", b.Critical));
        }

        if (policy.Listing is { } l)
        {
            Ascending(add, "listing", ("flagThreshold", l.FlagThreshold), ("removalThreshold", l.RemovalThreshold));
            if (l.PriceDiscountFull <= l.PriceDiscountStart)
            {
                add("listing.priceDiscountFull", $"must be above listing.priceDiscountStart ({l.PriceDiscountStart})");
            }

            if (l.PriceMaxPoints < l.PriceMinPoints)
            {
                add("listing.priceMaxPoints", $"must be at least listing.priceMinPoints ({l.PriceMinPoints})");
            }

            foreach (var fraction in new (string Name, double Value)[] { ("priceDiscountStart", l.PriceDiscountStart), ("priceDiscountFull", l.PriceDiscountFull), ("deepDiscount", l.DeepDiscount) })
            {
                if (fraction.Value > 1)
                {
                    add($"listing.{fraction.Name}", "must be a fraction of the price, at most 1");
                }
            }
        }

        if (policy.Seller is { } s)
        {
            if (s.VeryNewAccountDays > s.NewAccountDays)
            {
                add("seller.veryNewAccountDays", $"must be at most seller.newAccountDays ({s.NewAccountDays})");
            }

            if (s.RiskyListingScore > 100)
            {
                add("seller.riskyListingScore", "must be at most 100");
            }
        }

        if (policy.Enforcement is { } e)
        {
            if (e.MinReporterWeight > e.MaxReporterWeight)
            {
                add("enforcement.maxReporterWeight", $"must be at least enforcement.minReporterWeight ({e.MinReporterWeight})");
            }
            else if (e.NewReporterWeight < e.MinReporterWeight || e.NewReporterWeight > e.MaxReporterWeight)
            {
                add("enforcement.newReporterWeight", $"must be between enforcement.minReporterWeight ({e.MinReporterWeight}) and enforcement.maxReporterWeight ({e.MaxReporterWeight})");
            }

            if (e.TrustedMinAcceptedShare > 1)
            {
                add("enforcement.trustedMinAcceptedShare", "must be a share, at most 1");
            }
        }
    }

    private static void CheckSetting(string field, string name, object? value, Action<string, string> add)
    {
        switch (value)
        {
            case double number when name.EndsWith("Credit", StringComparison.Ordinal):
                if (number > 0)
                {
                    add(field, "must be zero or negative: a credit lowers the score");
                }

                break;
            case double number when name.EndsWith("HalfLifeDays", StringComparison.Ordinal):
                if (number <= 0)
                {
                    add(field, "must be above zero");
                }

                break;
            case double number:
                if (number < 0)
                {
                    add(field, "must not be negative");
                }
                else if (name.EndsWith("Share", StringComparison.Ordinal) && number > 1)
                {
                    add(field, "must be a share, at most 1");
                }

                break;
            case int number:
                if (number < 0)
                {
                    add(field, "must not be negative");
                }

                break;
            case string[] terms:
                if (terms.Length > MaxTerms)
                {
                    add(field, $"must have at most {MaxTerms} items");
                    break;
                }

                for (var i = 0; i < terms.Length; i++)
                {
                    if (string.IsNullOrWhiteSpace(terms[i]) || terms[i].Length > MaxTermLength)
                    {
                        add($"{field}[{i}]", $"must be 1–{MaxTermLength} characters, not blank");
                    }
                }

                break;
            case null when name != nameof(RiskPolicy.Version):
                add(field, "is required");
                break;
        }
    }

    /// <summary>Thresholds that must rise strictly, within 1..100; each one out of order is named.</summary>
    private static void Ascending(Action<string, string> add, string section, params (string Name, int Value)[] thresholds)
    {
        for (var i = 0; i < thresholds.Length; i++)
        {
            var (name, value) = thresholds[i];
            if (value is < 1 or > 100)
            {
                add($"{section}.{name}", "must be between 1 and 100");
            }
            else if (i > 0 && value <= thresholds[i - 1].Value)
            {
                add($"{section}.{name}", $"must be above {section}.{thresholds[i - 1].Name} ({thresholds[i - 1].Value})");
            }
        }
    }
}

/// <summary>A parsed policy document: the policy and note when valid, else the errors per field.</summary>
public sealed record PolicyParse(RiskPolicy? Policy, string? Note, IReadOnlyDictionary<string, List<string>> Errors);
