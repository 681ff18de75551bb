using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using IpGuard.GrainInterfaces;

namespace IpGuard.Fit;

/// <summary>Reads labelled outcomes from a running api (GET /v1/outcomes, every page) or from an NDJSON export.</summary>
internal static class OutcomeReader
{
    private const int PageSize = 1000;
    private const int MaxPages = 10_000;

    /// <summary>Every outcome the api keeps, as NDJSON lines (one item each), oldest first.</summary>
    public static async Task<List<string>> ExportAsync(Uri api, string apiKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var lines = new List<string>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var path = $"/v1/outcomes?limit={PageSize.ToString(CultureInfo.InvariantCulture)}" + (after is null ? string.Empty : $"&after={after}");
            using var response = await http.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
            }

            using var json = JsonDocument.Parse(body);
            var items = json.RootElement.GetProperty("items");
            foreach (var item in items.EnumerateArray())
            {
                lines.Add(item.GetRawText());
            }

            var next = json.RootElement.GetProperty("next").GetString();
            if (items.GetArrayLength() < PageSize || next == after)
            {
                break;
            }

            after = next;
        }

        return lines;
    }

    /// <summary>
    /// The examples of NDJSON lines, each an outcome as GET /v1/outcomes lists it. A subject judged
    /// the same way more than once (a listing scanned again, a review reopened) counts once, as last
    /// judged: repeats would weigh one subject as many.
    /// </summary>
    public static List<FitExample> Parse(IEnumerable<string> lines)
    {
        var examples = new Dictionary<(OutcomeSubject, string, bool), FitExample>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var subject = root.GetProperty("subject").GetString() switch
                {
                    "listing" => OutcomeSubject.Listing,
                    "seller" => OutcomeSubject.Seller,
                    var other => throw new FormatException($"subject '{other}' is neither listing nor seller"),
                };
                var features = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var feature in root.GetProperty("features").EnumerateObject())
                {
                    features[feature.Name] = feature.Value.GetDouble();
                }

                var infringing = root.GetProperty("infringing").GetBoolean();
                var key = (subject, root.GetProperty("subjectId").GetString() ?? string.Empty, infringing);
                examples.Remove(key);
                examples[key] = new FitExample(subject, infringing, features);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"line {number}: not an outcome ({e.Message})", e);
            }
        }

        return [.. examples.Values];
    }
}
