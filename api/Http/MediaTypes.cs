using Microsoft.Net.Http.Headers;

namespace IpGuard.Api.Http;

/// <summary>What a request body holds, as its Content-Type announces it.</summary>
internal enum BodyFormat
{
    /// <summary>One JSON document: application/json or application/*+json.</summary>
    Json,

    /// <summary>Newline-delimited JSON: application/x-ndjson (the batch route only).</summary>
    Ndjson,
}

/// <summary>
/// The media types a write route accepts. The Content-Type is parsed and its media type compared
/// whole, so near-misses such as <c>application/jsonx</c>, <c>application/json+x</c> or
/// <c>text/json</c> are refused; parameters are allowed, but a charset other than UTF-8 is not,
/// because the body is read as UTF-8 whatever it claims.
/// </summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";

    /// <summary>The body format a Content-Type names, or null when the route must answer 415.</summary>
    public static BodyFormat? Classify(string? contentType, bool allowNdjson)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !IsUtf8(parsed))
        {
            return null;
        }

        if (IsJson(parsed))
        {
            return BodyFormat.Json;
        }

        return allowNdjson && parsed.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase) ? BodyFormat.Ndjson : null;
    }

    /// <summary>application/json, or application/{name}+json with a real name (no wildcard).</summary>
    private static bool IsJson(MediaTypeHeaderValue parsed) =>
        parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
        || (parsed.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
            && parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            && parsed.SubTypeWithoutSuffix is { Length: > 0 } name
            && name.IndexOf('*') < 0);

    /// <summary>No charset, or exactly one that says UTF-8 (quoted or not, any case).</summary>
    private static bool IsUtf8(MediaTypeHeaderValue parsed)
    {
        var charsets = 0;
        foreach (var parameter in parsed.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            charsets++;
            if (charsets > 1 || !HeaderUtilities.RemoveQuotes(parameter.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
