using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// The checkout answer from the seller's decision and the listing's status: the most severe
/// outcome any reason calls for, with every reason listed.
/// </summary>
public static class CheckoutModel
{
    public static (CheckoutOutcome Outcome, List<string> Reasons) Decide(Decision? sellerDecision, bool listingAsked, ListingStatus? listingStatus)
    {
        var outcome = CheckoutOutcome.Allow;
        var reasons = new List<string>(2);

        void Raise(CheckoutOutcome to, string reason)
        {
            reasons.Add(reason);
            if (to > outcome)
            {
                outcome = to;
            }
        }

        if (sellerDecision is not { } decision)
        {
            Raise(CheckoutOutcome.Hold, "unknown_seller");
            return (outcome, reasons);
        }

        switch (decision)
        {
            case Decision.Monitor: Raise(CheckoutOutcome.Allow, "seller_monitored"); break;
            case Decision.Review: Raise(CheckoutOutcome.Hold, "seller_in_review"); break;
            case Decision.Restrict: Raise(CheckoutOutcome.Block, "seller_restricted"); break;
            case Decision.Suspend: Raise(CheckoutOutcome.Block, "seller_suspended"); break;
        }

        if (listingAsked)
        {
            switch (listingStatus)
            {
                case null: Raise(CheckoutOutcome.Hold, "unknown_listing"); break;
                case ListingStatus.Removed: Raise(CheckoutOutcome.Block, "listing_removed"); break;
                case ListingStatus.Withdrawn: Raise(CheckoutOutcome.Block, "listing_withdrawn"); break;
                case ListingStatus.Flagged: Raise(CheckoutOutcome.Hold, "listing_flagged"); break;
            }
        }

        return (outcome, reasons);
    }
}
