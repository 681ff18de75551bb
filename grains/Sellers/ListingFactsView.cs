using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>The seller's listing entries as the seller model's facts, read in place.</summary>
internal sealed class ListingFactsView(Dictionary<string, SellerListingEntry>.ValueCollection entries) : IReadOnlyCollection<ListingRiskFact>
{
    public int Count => entries.Count;

    public IEnumerator<ListingRiskFact> GetEnumerator()
    {
        foreach (var entry in entries)
        {
            // A listing taken off sale by the seller's own enforcement is not new evidence against
            // the seller: it counts as the live listing it was, so the enforcement can end.
            yield return entry.RemovedBySeller
                ? new ListingRiskFact(ListingStatus.Active, entry.Score, null, entry.At, (ListingSignals)entry.Signals, entry.BrandId, entry.ListedAt)
                : new ListingRiskFact(entry.Status, entry.Score, entry.RemovedBy, entry.At, (ListingSignals)entry.Signals, entry.BrandId, entry.ListedAt);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
