using System.Text.Json;
using System.Text.Json.Nodes;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// A policy as a document: the JSON of <see cref="RiskPolicy"/> with web defaults (camelCase),
/// with an optional <c>note</c> after its version, the shape <c>GET /v1/policies/{version}</c> answers.
/// </summary>
public static class PolicyDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The policy a document describes; settings it leaves out keep their defaults.</summary>
    public static RiskPolicy Read(string json) =>
        JsonSerializer.Deserialize<RiskPolicy>(json, Options) ?? throw new JsonException("a policy document is a JSON object");

    /// <summary>The document of a policy, with a note saying where it came from.</summary>
    public static string Write(RiskPolicy policy, string? note)
    {
        var node = JsonSerializer.SerializeToNode(policy, Options)!.AsObject();
        var document = new JsonObject { ["version"] = policy.Version };
        if (note is not null)
        {
            document["note"] = note;
        }

        foreach (var (name, value) in node.ToList())
        {
            if (name != "version")
            {
                node.Remove(name);
                document[name] = value;
            }
        }

        return document.ToJsonString(Options) + "\n";
    }

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
}
