using System.Net;
using System.Text.Json;
using IpGuard.LoadGen.Http;

namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A moderator who knows the market's ground truth: resolves every open case about this market's
/// sellers and listings, confirmed when the listing is counterfeit or the seller a counterfeiter,
/// dismissed otherwise (grey-market goods are genuine). What the service records of these
/// resolutions are the labelled outcomes tools/fit learns from.
/// </summary>
internal sealed class SimModerator(HttpClient http, Marketplace market)
{
    /// <summary>Pages of open cases read in one round at most; a page holds up to 500.</summary>
    private const int MaxPages = 40;

    private readonly Dictionary<string, SimListing> _listings = market.Listings.ToDictionary(l => l.ListingId, StringComparer.Ordinal);
    private readonly Dictionary<string, SimSeller> _sellers = market.Sellers.ToDictionary(s => s.SellerId, StringComparer.Ordinal);

    public int Confirmed { get; private set; }

    public int Dismissed { get; private set; }

    /// <summary>Resolves the open cases of this market; answers how many it resolved.</summary>
    public async Task<int> ResolveOpenAsync(int concurrency, CancellationToken cancellationToken)
    {
        var resolved = 0;
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < MaxPages; page++)
        {
            var open = await ApiHttp.ExpectOkAsync(http, HttpMethod.Get, "/v1/cases?status=open&limit=500", null, cancellationToken);
            var mine = new List<(string CaseId, bool Confirm)>();
            foreach (var item in open.GetProperty("items").EnumerateArray())
            {
                var caseId = item.GetProperty("caseId").GetString()!;
                if (!skipped.Contains(caseId) && Truth(item) is { } confirm)
                {
                    mine.Add((caseId, confirm));
                }
                else
                {
                    skipped.Add(caseId);
                }
            }

            if (mine.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
                async (c, ct) =>
                {
                    var outcome = c.Confirm ? "confirmed" : "dismissed";
                    var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Post, $"/v1/cases/{c.CaseId}/resolve",
                        ApiHttp.Body(new { outcome, note = "simulated moderator: the market's ground truth" }), ct);
                    if (status != HttpStatusCode.OK)
                    {
                        lock (skipped)
                        {
                            skipped.Add(c.CaseId); // held or resolved otherwise: not ours to decide again
                        }
                    }
                });
            foreach (var (_, confirm) in mine)
            {
                if (confirm)
                {
                    Confirmed++;
                }
                else
                {
                    Dismissed++;
                }
            }

            resolved += mine.Count;
        }

        return resolved;
    }

    /// <summary>Confirm (true), dismiss (false), or not this market's case (null).</summary>
    private bool? Truth(JsonElement item)
    {
        var kind = item.GetProperty("kind").GetString();
        var listingId = item.TryGetProperty("listingId", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        var sellerId = item.TryGetProperty("sellerId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (kind == "listing_review" && listingId is not null && _listings.TryGetValue(listingId, out var listing))
        {
            return listing.Counterfeit;
        }

        if (kind is "seller_review" or "appeal" && sellerId is not null && _sellers.TryGetValue(sellerId, out var seller))
        {
            // An appeal is confirmed (the enforcement upheld) exactly when the seller is a counterfeiter.
            return seller.Kind.IsCounterfeiter();
        }

        return null;
    }
}
