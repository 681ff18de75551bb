using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// Typical honest and counterfeit profiles of a marketplace under the shipped default policy:
/// counterfeits are removed (crude) or removed or flagged once two kinds of evidence agree
/// (stealthy), their sellers restricted or suspended, while honest look-alikes (sales, clearance,
/// accessories, batteries, grey imports, mass-reported sellers) stay active and unenforced.
/// </summary>
public sealed class DetectionScenarioTests
{
    private static readonly RegistryIndex Reg = Registry(
        Brand("lumora", "Lumora", restricted: true, trademarks: ["Lumora Noir"], reference: Usd(400), authorized: ["lumora-dealer"]),
        Brand("veltrix", "Veltrix", trademarks: ["Veltrix Pro"], reference: Usd(120)),
        Brand("corvallo", "Corvallo", restricted: true, reference: Usd(250)),
        Brand("voltcell", "Voltcell", reference: Usd(20)));

    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityOnly = Checks((VerificationCheck.Identity, VerificationOutcome.Passed));

    private static readonly Dictionary<VerificationCheck, VerificationStatus> IdentityBusinessBank = Checks(
        (VerificationCheck.Identity, VerificationOutcome.Passed),
        (VerificationCheck.Business, VerificationOutcome.Passed),
        (VerificationCheck.Bank, VerificationOutcome.Passed));

    private static Money Off(double share, decimal reference) => Usd(decimal.Round(reference * (1m - (decimal)share), 2));

    private static ListingStatus StatusOf(ListingFacts facts, out RiskAssessment assessment)
    {
        assessment = AssessListing(facts, Reg);
        return ListingModel.StatusFor(assessment, false, Policy.Listing);
    }

    private static Decision DecisionOf(SellerFacts facts, out RiskAssessment assessment)
    {
        assessment = AssessSeller(facts);
        return Decisions.For(assessment.Score, Policy.Decisions);
    }

    // ---- honest listings stay active --------------------------------------------------------------

    public static TheoryData<string, ListingFacts> HonestListings => new()
    {
        { "verified seller at the reference price", Listing("Veltrix Pro wireless headphones", brandId: "veltrix", price: Usd(119)) },
        { "a 25% sale", Listing("Veltrix headphones - holiday sale", brandId: "veltrix", price: Off(0.25, 120)) },
        { "clearance at 40% off", Listing("Veltrix headphones - clearance", brandId: "veltrix", price: Off(0.40, 120)) },
        { "clearance at 60% off", Listing("Veltrix headphones - clearance", brandId: "veltrix", price: Off(0.60, 120)) },
        { "clearance at 60% off with one new buyer's report", Listing("Veltrix headphones - last units", brandId: "veltrix", price: Off(0.60, 120), reports: NewBuyerReports(1)) },
        { "clearance at 50% off with stock photos", Listing("Veltrix headphones", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(StockPhotos: 3)) },
        { "batteries of a registered brand", Listing("Voltcell AAA batteries, pack of 24", brandId: "voltcell", price: Usd(19)) },
        { "batteries of a registered brand on clearance", Listing("Voltcell AAA batteries, pack of 24", brandId: "voltcell", price: Usd(10)) },
        { "generic AAA batteries", Listing("Rechargeable AAA batteries 8 pack", price: Usd(12)) },
        { "generic mirror", Listing("Bathroom mirror, mirror quality glass", price: Usd(45)) },
        { "a print inspired by nature", Listing("Forest canvas print inspired by nature", price: Usd(30)) },
        { "a strap for a restricted brand's watch", Listing("Silicone strap for Lumora watch", price: Usd(12)) },
        { "a case compatible with a brand", Listing("Hard case compatible with Veltrix Pro headphones", price: Usd(15)) },
        { "an authorized dealer with the brand's photos", Listing("Lumora Noir tote, authorized dealer", brandId: "lumora", sellerId: "lumora-dealer", price: Usd(390), images: new ImageEvidence(OfficialPhotosUnauthorized: 2)) },
        { "a verified seller with 3 buyer reports", Listing("Veltrix headphones", brandId: "veltrix", price: Usd(115), reports: Reports(3)) },
    };

    [Theory] // honest listings, sales, clearance, accessories and look-alike words stay active
    [MemberData(nameof(HonestListings))]
    public void Honest_listing_stays_active(string profile, ListingFacts facts)
    {
        var status = StatusOf(facts, out var a);

        Assert.True(status == ListingStatus.Active, $"{profile}: {status}, {Describe(a)}");
    }

    [Fact] // a grey import (genuine goods of a restricted brand, unauthorized) is flagged by the gate, never removed on its own
    public void Grey_import_is_flagged_not_removed()
    {
        var status = StatusOf(Listing("Lumora Noir tote (EU import)", brandId: "lumora", price: Off(0.15, 400), images: new ImageEvidence(OfficialPhotosUnauthorized: 1)), out var a);

        Assert.Equal(ListingStatus.Flagged, status);
        Assert.True(a.Score < Policy.Listing.RemovalThreshold, Describe(a));
    }

    // ---- counterfeit listings --------------------------------------------------------------------

    public static TheoryData<string, ListingFacts> CrudeListings => new()
    {
        { "'replica' on an open brand at 50% off", Listing("Veltrix headphones replica", brandId: "veltrix", price: Off(0.50, 120)) },
        { "'AAA' on an open brand at 60% off", Listing("Veltrix Pro headphones AAA quality", brandId: "veltrix", price: Off(0.60, 120)) },
        { "'mirror quality' on an open brand at 75% off", Listing("Veltrix mirror quality earbuds", brandId: "veltrix", price: Off(0.75, 120)) },
        { "'1:1' on a restricted brand at 70% off", Listing("Lumora Noir bag 1:1", brandId: "lumora", price: Off(0.70, 400)) },
        { "'dupe' naming a brand it does not claim, 70% off", Listing("Veltrix style headphones dupe", price: Off(0.70, 120)) },
        { "'inspired by' naming a restricted brand, 80% off", Listing("Inspired by Corvallo leather wallet", price: Off(0.80, 250)) },
    };

    [Theory] // crude counterfeits, which say what they are, are removed
    [MemberData(nameof(CrudeListings))]
    public void Crude_counterfeit_is_removed(string profile, ListingFacts facts)
    {
        var status = StatusOf(facts, out var a);

        Assert.True(status == ListingStatus.Removed, $"{profile}: {status}, {Describe(a)}");
    }

    public static TheoryData<string, ListingFacts> StealthyRemoved => new()
    {
        { "restricted, 50% off, the brand's photos", Listing("Lumora Noir tote", brandId: "lumora", price: Off(0.50, 400), images: new ImageEvidence(OfficialPhotosUnauthorized: 1)) },
        { "restricted, 50% off, ring photos", Listing("Corvallo wallet", brandId: "corvallo", price: Off(0.50, 250), images: new ImageEvidence(SharedPhotos: 2)) },
        { "restricted, 50% off, two new buyers' reports", Listing("Corvallo belt", brandId: "corvallo", price: Off(0.50, 250), reports: NewBuyerReports(2)) },
        { "restricted, 55% off, a counterfeit's photo", Listing("Lumora Noir scarf", brandId: "lumora", price: Off(0.55, 400), images: new ImageEvidence(CounterfeitPhotos: 1)) },
        { "open brand, 50% off, a counterfeit's photo and two reports", Listing("Veltrix earbuds", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(CounterfeitPhotos: 1), reports: NewBuyerReports(2)) },
    };

    [Theory] // stealthy counterfeits (clean titles, ~half price) are removed once two more kinds of evidence back the discount
    [MemberData(nameof(StealthyRemoved))]
    public void Stealthy_counterfeit_with_strong_evidence_is_removed(string profile, ListingFacts facts)
    {
        var status = StatusOf(facts, out var a);

        Assert.True(status == ListingStatus.Removed, $"{profile}: {status}, {Describe(a)}");
    }

    public static TheoryData<string, ListingFacts> StealthyFlagged => new()
    {
        { "restricted, 48% off", Listing("Lumora Noir tote", brandId: "lumora", price: Off(0.48, 400)) },
        { "open brand, 50% off, the brand's photos", Listing("Veltrix Pro headphones", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(OfficialPhotosUnauthorized: 1)) },
        { "open brand, 50% off, ring photos", Listing("Veltrix earbuds", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(SharedPhotos: 1)) },
        { "open brand, 50% off, three new buyers' reports", Listing("Veltrix earbuds", brandId: "veltrix", price: Off(0.50, 120), reports: NewBuyerReports(3)) },
        { "open brand, 50% off, 'same as original' in the description", Listing("Veltrix earbuds", brandId: "veltrix", price: Off(0.50, 120), descriptionTerms: ["same as original"]) },
    };

    [Theory] // stealthy counterfeits with a deep discount and one more kind of evidence are at least flagged
    [MemberData(nameof(StealthyFlagged))]
    public void Stealthy_counterfeit_with_two_signals_is_at_least_flagged(string profile, ListingFacts facts)
    {
        var status = StatusOf(facts, out var a);

        Assert.True(status is ListingStatus.Flagged or ListingStatus.Removed, $"{profile}: {status}, {Describe(a)}");
    }

    // ---- sellers ----------------------------------------------------------------------------------

    [Fact] // a stealthy seller (aged, verified, clean titles, ~half price, restricted brands, lifted or ring photos) is suspended
    public void Stealthy_seller_is_suspended()
    {
        ListingFacts[] listed =
        [
            Listing("Lumora Noir tote", brandId: "lumora", price: Off(0.50, 400), images: new ImageEvidence(OfficialPhotosUnauthorized: 1)),
            Listing("Lumora Noir scarf", brandId: "lumora", price: Off(0.52, 400)),
            Listing("Lumora Noir belt", brandId: "lumora", price: Off(0.48, 400)),
            Listing("Corvallo wallet", brandId: "corvallo", price: Off(0.50, 250), images: new ImageEvidence(SharedPhotos: 1)),
            Listing("Veltrix earbuds", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(SharedPhotos: 1)),
            Listing("Veltrix headphones", brandId: "veltrix", price: Off(0.47, 120)),
        ];
        var seller = Seller(ageDays: 150, verifications: IdentityOnly, listings: listed.Select(l => Carried(l, Reg)).ToArray());

        var decision = DecisionOf(seller, out var a);

        Assert.True(decision == Decision.Suspend, $"{decision}: {Describe(a)} for {Describe(seller)}");
    }

    [Fact] // a stealthy seller on open brands only, whose listings are flagged but none removed yet, is at least restricted
    public void Stealthy_seller_on_open_brands_is_restricted()
    {
        var listings = Enumerable.Range(0, 8)
            .Select(i => Carried(Listing($"Veltrix earbuds model {i}", brandId: "veltrix", price: Off(0.50, 120), images: new ImageEvidence(SharedPhotos: 1)), Reg))
            .ToArray();
        var seller = Seller(ageDays: 150, verifications: IdentityOnly, listings: listings);

        Assert.All(listings, l => Assert.Equal(ListingStatus.Flagged, l.Status));
        var decision = DecisionOf(seller, out var a);
        Assert.True(decision >= Decision.Restrict, $"{decision}: {Describe(a)}");
    }

    [Fact] // a re-registered counterfeiter (new, identity verified, a suspended seller's bank account and device) is suspended before it sells
    public void Reregistered_counterfeiter_is_suspended()
    {
        var seller = Seller(ageDays: 1, verifications: IdentityOnly, links:
            [new FingerprintLink(FingerprintKind.BankAccount, 1, 1), new FingerprintLink(FingerprintKind.Device, 1, 1)]);

        Assert.Equal(Decision.Suspend, DecisionOf(seller, out _));
    }

    [Fact] // a crude counterfeiter (days old, failed identity, removed listings) is suspended
    public void Crude_seller_is_suspended()
    {
        var listings = CrudeListings.Select(row => Carried((ListingFacts)row[1], Reg)).ToArray();
        var seller = Seller(ageDays: 2, verifications: Checks((VerificationCheck.Identity, VerificationOutcome.Failed)), listings: listings);

        Assert.Equal(Decision.Suspend, DecisionOf(seller, out _));
    }

    [Fact] // an honest seller discounting 20–30% on every listing is allowed
    public void Discounting_seller_is_allowed()
    {
        var listings = Enumerable.Range(0, 15)
            .Select(i => Carried(Listing($"Veltrix headphones {i} - seasonal sale", brandId: "veltrix", price: Off(0.20 + (i % 3 * 0.05), 120)), Reg))
            .ToArray();
        var seller = Seller(ageDays: 400, verifications: Checks((VerificationCheck.Identity, VerificationOutcome.Passed), (VerificationCheck.Bank, VerificationOutcome.Passed)), listings: listings);

        Assert.Equal(Decision.Allow, DecisionOf(seller, out var a));
        Assert.Equal(0, a.Score);
    }

    [Fact] // a clearance seller (aged, verified, a handful of 40–60% off listings among full-price ones) is not enforced
    public void Clearance_seller_is_not_enforced()
    {
        var clearance = new[] { 0.40, 0.45, 0.50, 0.55, 0.60 }
            .Select(off => Carried(Listing("Veltrix headphones - clearance", brandId: "veltrix", price: Off(off, 120)), Reg));
        var regular = Enumerable.Range(0, 15).Select(_ => Carried(Listing("Veltrix headphones", brandId: "veltrix", price: Usd(118)), Reg));
        var seller = Seller(ageDays: 500, verifications: Checks((VerificationCheck.Identity, VerificationOutcome.Passed), (VerificationCheck.Bank, VerificationOutcome.Passed)),
            listings: [.. clearance, .. regular]);

        Assert.Equal(Decision.Allow, DecisionOf(seller, out var a));
        Assert.True(a.Score < Policy.Decisions.Monitor, Describe(a));
    }

    [Fact] // an outlet (aged, identity verified) whose every listing is a 40–60% clearance is at most monitored
    public void Outlet_seller_is_at_most_monitored()
    {
        var listings = new[] { 0.40, 0.45, 0.50, 0.55, 0.60, 0.50 }
            .Select(off => Carried(Listing("Veltrix headphones - clearance", brandId: "veltrix", price: Off(off, 120)), Reg)).ToArray();
        var seller = Seller(ageDays: 500, verifications: IdentityOnly, listings: listings);

        Assert.True(DecisionOf(seller, out var a) <= Decision.Monitor, Describe(a));
    }

    [Fact] // a mass-reported honest verified seller stays allowed: reports alone never enforce a verified seller
    public void Mass_reported_verified_seller_stays_allowed()
    {
        var listings = Enumerable.Range(0, 30)
            .Select(i => Carried(Listing($"Veltrix headphones {i}", brandId: "veltrix", price: Usd(118), reports: Reports(i < 10 ? 12 : 0)), Reg))
            .ToArray();
        var seller = Seller(ageDays: 730, verifications: IdentityBusinessBank, listings: listings, reports: Reports(60));

        Assert.All(listings, l => Assert.Equal(ListingStatus.Active, l.Status));
        Assert.Equal(Decision.Allow, DecisionOf(seller, out var a));
        Assert.True(a.Score < Policy.Decisions.Monitor, Describe(a));
    }

    [Fact] // a grey importer (aged, identity verified, restricted brands near full price) has its listings flagged but is not enforced
    public void Grey_importer_is_not_enforced()
    {
        var listings = Enumerable.Range(0, 10)
            .Select(i => Carried(Listing($"Lumora Noir tote {i} (EU import)", brandId: "lumora", price: Off(0.12 + (i % 3 * 0.06), 400),
                images: new ImageEvidence(OfficialPhotosUnauthorized: i % 2)), Reg))
            .ToArray();
        var seller = Seller(ageDays: 300, verifications: IdentityOnly, listings: listings);

        Assert.All(listings, l => Assert.Equal(ListingStatus.Flagged, l.Status));
        Assert.True(DecisionOf(seller, out var a) < Decision.Restrict, Describe(a));
    }

    [Fact] // a new honest seller listing five brands at their price is at most monitored
    public void New_seller_of_many_brands_is_at_most_monitored()
    {
        var registry = Registry(Enumerable.Range(0, 6).Select(i => Brand($"b{i}", $"Brand{i}", reference: Usd(100))).ToArray());
        var listings = Enumerable.Range(0, 6).Select(i => Carried(Listing($"Brand{i} jacket", brandId: $"b{i}", price: Usd(98)), registry)).ToArray();
        var seller = Seller(ageDays: 2, listings: listings);

        Assert.True(DecisionOf(seller, out var a) <= Decision.Monitor, Describe(a));
        Assert.Equal(8, a.PointsOf("many_brands"));
    }

    [Fact] // an honest seller who shares a prep center's address with a suspended seller is not enforced by it
    public void Prep_center_address_does_not_enforce()
    {
        var seller = Seller(ageDays: 20, verifications: IdentityOnly, listings: ActiveListings(5),
            links: [new FingerprintLink(FingerprintKind.Address, 1, 45)]);

        Assert.True(DecisionOf(seller, out var a) <= Decision.Monitor, Describe(a));
    }
}
