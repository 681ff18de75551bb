using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

/// <summary>The checkout answer from the seller's decision and the listing's status.</summary>
public sealed class CheckoutModelTests
{
    [Fact] // an unknown seller is held with the single reason unknown_seller
    public void Unknown_seller_is_held()
    {
        var (outcome, reasons) = CheckoutModel.Decide(null, false, null);

        Assert.Equal(CheckoutOutcome.Hold, outcome);
        Assert.Equal(["unknown_seller"], reasons);
    }

    [Fact] // an unknown seller is held even when the listing asked about is removed (nothing else is looked at)
    public void Unknown_seller_with_listing_is_held_with_unknown_seller_only()
    {
        var (outcome, reasons) = CheckoutModel.Decide(null, true, ListingStatus.Removed);

        Assert.Equal(CheckoutOutcome.Hold, outcome);
        Assert.Equal(["unknown_seller"], reasons);
    }

    [Theory] // each seller decision's outcome and reason when no listing is asked about
    [InlineData(Decision.Allow, CheckoutOutcome.Allow, null)]
    [InlineData(Decision.Monitor, CheckoutOutcome.Allow, "seller_monitored")]
    [InlineData(Decision.Review, CheckoutOutcome.Hold, "seller_in_review")]
    [InlineData(Decision.Restrict, CheckoutOutcome.Block, "seller_restricted")]
    [InlineData(Decision.Suspend, CheckoutOutcome.Block, "seller_suspended")]
    public void Seller_decision_outcome(Decision decision, CheckoutOutcome expected, string? reason)
    {
        var (outcome, reasons) = CheckoutModel.Decide(decision, false, null);

        Assert.Equal(expected, outcome);
        Assert.Equal(reason is null ? Array.Empty<string>() : new[] { reason }, reasons);
    }

    [Theory] // each listing status's outcome and reason for an allowed seller
    [InlineData(ListingStatus.Active, CheckoutOutcome.Allow, null)]
    [InlineData(ListingStatus.Flagged, CheckoutOutcome.Hold, "listing_flagged")]
    [InlineData(ListingStatus.Removed, CheckoutOutcome.Block, "listing_removed")]
    [InlineData(ListingStatus.Withdrawn, CheckoutOutcome.Block, "listing_withdrawn")]
    public void Listing_status_outcome(ListingStatus status, CheckoutOutcome expected, string? reason)
    {
        var (outcome, reasons) = CheckoutModel.Decide(Decision.Allow, true, status);

        Assert.Equal(expected, outcome);
        Assert.Equal(reason is null ? Array.Empty<string>() : new[] { reason }, reasons);
    }

    [Fact] // a listing asked about but unknown is held with unknown_listing
    public void Unknown_listing_is_held()
    {
        var (outcome, reasons) = CheckoutModel.Decide(Decision.Allow, true, null);

        Assert.Equal(CheckoutOutcome.Hold, outcome);
        Assert.Equal(["unknown_listing"], reasons);
    }

    [Fact] // a removed listing blocks checkout even for a seller in review, listing both reasons
    public void Removed_listing_blocks_and_all_reasons_are_listed()
    {
        var (outcome, reasons) = CheckoutModel.Decide(Decision.Review, true, ListingStatus.Removed);

        Assert.Equal(CheckoutOutcome.Block, outcome);
        Assert.Equal(["seller_in_review", "listing_removed"], reasons);
    }

    [Fact] // the most severe outcome wins: a suspended seller stays blocked with a merely flagged listing
    public void Most_severe_outcome_wins()
    {
        var (outcome, reasons) = CheckoutModel.Decide(Decision.Suspend, true, ListingStatus.Flagged);

        Assert.Equal(CheckoutOutcome.Block, outcome);
        Assert.Equal(["seller_suspended", "listing_flagged"], reasons);
    }

    [Fact] // the listing status is ignored when no listing was asked about
    public void Listing_status_ignored_when_not_asked()
    {
        var (outcome, reasons) = CheckoutModel.Decide(Decision.Allow, false, ListingStatus.Removed);

        Assert.Equal(CheckoutOutcome.Allow, outcome);
        Assert.Empty(reasons);
    }
}
