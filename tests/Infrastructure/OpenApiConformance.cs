using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// Reads the violations that the validating proxy (<see cref="PrismProxy"/>) found in each exchange
/// and fails the call that caused one the document does not excuse:
/// - any violation in the answer: the api answered something the document does not describe;
/// - a violation in the request that the api nevertheless accepted (2xx): the document forbids what the api takes.
/// A request the document calls invalid and the api refuses (4xx) is the two agreeing.
/// </summary>
public sealed class OpenApiConformance(OpenApiTraffic traffic) : DelegatingHandler
{
    public const string Header = "sl-violations";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var violations = Parse(response.Headers);
        var status = (int)response.StatusCode;
        var failing = violations.Where(v => v.InResponse || status is >= 200 and < 300).ToList();
        traffic.Record(request.Method.Method, request.RequestUri?.AbsolutePath ?? "", status, violations.Count, failing.Count);
        if (failing.Count > 0)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new OpenApiViolationException(
                $"The api and its OpenAPI document disagree on {request.Method} {request.RequestUri?.PathAndQuery} → {status}:\n"
                + string.Join("\n", failing.Select(v => $"  {v}"))
                + $"\nanswer: {(body.Length > 600 ? body[..600] + "…" : body)}");
        }

        return response;
    }

    public static IReadOnlyList<Violation> Parse(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues(Header, out var values))
        {
            return [];
        }

        var found = new List<Violation>();
        foreach (var value in values)
        {
            using var json = JsonDocument.Parse(value);
            foreach (var item in json.RootElement.EnumerateArray())
            {
                var location = item.TryGetProperty("location", out var l) ? l.EnumerateArray().Select(p => p.ToString()).ToList() : [];
                found.Add(new Violation(
                    string.Join(".", location),
                    item.TryGetProperty("severity", out var s) ? s.GetString() ?? "" : "",
                    item.TryGetProperty("message", out var m) ? m.GetString() ?? "" : ""));
            }
        }

        return found;
    }

    /// <summary>One violation prism reported: where (request…, response…), how bad, and what.</summary>
    public sealed record Violation(string Location, string Severity, string Message)
    {
        public bool InResponse => Location.StartsWith("response", StringComparison.Ordinal);

        public override string ToString() => $"[{Severity}] {Location}: {Message}";
    }
}

/// <summary>A call whose request or answer the OpenAPI document does not describe.</summary>
public sealed class OpenApiViolationException(string message) : Xunit.Sdk.XunitException(message);

/// <summary>What went through the validating proxy: per route and status, how many calls and violations.</summary>
public sealed class OpenApiTraffic
{
    private readonly ConcurrentDictionary<(string Method, string Path, int Status), (int Calls, int Violations, int Failing)> _seen = new();

    public void Record(string method, string path, int status, int violations, int failing) =>
        _seen.AddOrUpdate((method, Shape(path), status), (1, violations, failing), (_, c) => (c.Calls + 1, c.Violations + violations, c.Failing + failing));

    public int Calls => _seen.Values.Sum(v => v.Calls);

    public int Failing => _seen.Values.Sum(v => v.Failing);

    public IReadOnlyCollection<int> Statuses => _seen.Keys.Select(k => k.Status).Distinct().Order().ToList();

    /// <summary>One line per route shape and status.</summary>
    public string Summary() => string.Join("\n", _seen.OrderBy(e => e.Key.Path, StringComparer.Ordinal).ThenBy(e => e.Key.Method).ThenBy(e => e.Key.Status)
        .Select(e => $"{e.Key.Method,-6} {e.Key.Path,-44} {e.Key.Status} calls={e.Value.Calls} violations={e.Value.Violations} failing={e.Value.Failing}"));

    /// <summary>The path with its ids replaced by {id}, so calls group by route.</summary>
    private static string Shape(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0 && segments[i - 1] is "sellers" or "listings" or "brands" or "cases" && segments[i] is not ("batch" or ""))
            {
                segments[i] = "{id}";
            }
        }

        return string.Join('/', segments);
    }
}
