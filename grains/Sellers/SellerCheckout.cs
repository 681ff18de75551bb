using System.Collections.Immutable;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// What a seller's checkout answer is made of, frozen: immutable, so any thread may answer from
/// it while the seller goes on changing. The listings' statuses are the book's immutable map
/// (<see cref="SellerBook.Statuses"/>), shared, not copied. An override's end is checked when
/// asked, so an expired override needs no new copy.
/// </summary>
internal sealed class SellerCheckout(bool exists, string policyVersion, int score, Decision decision, OverrideView? overrideView,
    ImmutableDictionary<string, ListingStatus> listings)
{
    public static SellerCheckout Of(SellerState s, SellerBook book) =>
        new(s.Exists, s.PolicyVersion, s.Score, s.Decision, s.Override, book.Statuses);

    /// <param name="activeVersion">The policy version in force, named for a seller never seen.</param>
    public CheckoutAnswer Answer(CheckoutQuery query, string activeVersion, DateTimeOffset now)
    {
        ListingStatus? listingStatus = query.ListingId is not null && listings.TryGetValue(query.ListingId, out var status) ? status : null;
        Decision? effective = exists ? SellerTimeline.Effective(decision, overrideView, now) : null;
        var (outcome, reasons) = CheckoutModel.Decide(effective, query.ListingId is not null, listingStatus);
        return new CheckoutAnswer(outcome, effective, exists ? score : null, reasons, exists ? policyVersion : activeVersion);
    }
}
