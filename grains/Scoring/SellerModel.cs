using System.Globalization;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Scores a seller from its account age, verification, listings, removals, confirmed
/// infringements and reports. Pure: the same facts, policy and clock give the same answer.
/// </summary>
public static class SellerModel
{
    public static RiskAssessment Assess(SellerFacts facts, RiskPolicy policy, DateTimeOffset now)
    {
        var p = policy.Seller;
        var sheet = new FactorSheet();

        var since = facts.RegisteredAt ?? facts.FirstSeenAt;
        var ageDays = (now - since).TotalDays;
        if (ageDays < p.VeryNewAccountDays)
        {
            sheet.Add("new_account", p.VeryNewAccount, Invariant($"account is {Math.Max(0, Math.Floor(ageDays))} day(s) old"));
        }
        else if (ageDays < p.NewAccountDays)
        {
            sheet.Add("new_account", p.NewAccount, Invariant($"account is {Math.Floor(ageDays)} days old"));
        }

        var isNew = ageDays < p.NewAccountDays;
        var returnedAt = SellerPatternFactors.ReturnFromDormancy(facts, isNew, p, now);
        var burst = returnedAt is not null ? new ListingPattern() : null;
        HashSet<string>? burstBrands = returnedAt is not null ? new HashSet<string>(StringComparer.Ordinal) : null;
        var enforced = false;
        var removedPoints = 0.0;
        var removedCount = 0;
        var topScore = 0.0;
        var risky = 0;
        var active = 0;
        var pattern = new ListingPattern();
        var suspect = 0;
        var listed = 0;
        HashSet<string>? brands = isNew ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var listing in facts.Listings)
        {
            if (listing.BrandId is not null)
            {
                brands?.Add(listing.BrandId);
            }

            if (listing.Status != ListingStatus.Withdrawn)
            {
                listed++;
            }

            // Listings without signals (grains that do not supply them) cost nothing here.
            if (listing.Signals != ListingSignals.None && listing.Status != ListingStatus.Withdrawn)
            {
                pattern.Add(listing.Signals, Decay.Factor(listing.At, now, p.ListingHalfLifeDays));
            }

            // What a dormant account listed since its return (not what it had before, nor what it withdrew).
            if (returnedAt is { } back && (listing.ListedAt ?? listing.At) >= back && listing.Status != ListingStatus.Withdrawn)
            {
                burst!.Add(listing.Signals, 1);
                if (listing.BrandId is not null)
                {
                    burstBrands!.Add(listing.BrandId);
                }
            }

            switch (listing.Status)
            {
                case ListingStatus.Removed:
                    enforced = true;
                    removedCount++;
                    removedPoints += p.RemovedListing * Decay.Factor(listing.At, now, p.RemovalHalfLifeDays);
                    break;
                case ListingStatus.Active or ListingStatus.Flagged:
                    active++;
                    var carried = listing.Score * Decay.Factor(listing.At, now, p.ListingHalfLifeDays);
                    if (carried >= p.RiskyListingScore)
                    {
                        risky++;
                    }

                    topScore = Math.Max(topScore, carried);
                    if (carried >= p.SuspectListingScore)
                    {
                        suspect++;
                    }

                    break;
            }
        }

        if (topScore > 0)
        {
            sheet.Add("listing_risk", topScore * p.TopListingWeight, Invariant($"riskiest live listing scores {Math.Round(topScore)}"));
        }

        if (risky > 1)
        {
            sheet.Add("risky_listings", Math.Min((risky - 1) * p.RiskyListing, p.RiskyListingCap), Invariant($"{risky} live listings score {p.RiskyListingScore} or more"));
        }

        if (removedCount > 0)
        {
            sheet.Add("removed_listings", Math.Min(removedPoints, p.RemovedListingCap), Invariant($"{removedCount} listing(s) removed"));
        }

        if (facts.ConfirmedInfringements.Count > 0)
        {
            enforced = true;
            var points = 0.0;
            foreach (var at in facts.ConfirmedInfringements)
            {
                points += p.ConfirmedInfringement * Decay.Factor(at, now, p.ConfirmedHalfLifeDays);
            }

            sheet.Add("confirmed_infringements", Math.Min(points, p.ConfirmedInfringementCap), Invariant($"{facts.ConfirmedInfringements.Count} confirmed infringement(s)"));
        }

        if (facts.Reports.Count > 0)
        {
            var points = 0.0;
            foreach (var report in facts.Reports)
            {
                var basePoints = report.Kind == ReporterKind.System ? p.SystemReport : p.BuyerReport;
                points += basePoints * report.Weight * Decay.Factor(report.At, now, p.ReportHalfLifeDays);
            }

            sheet.Add("reports", Math.Min(points, p.ReportCap), Invariant($"{facts.Reports.Count} distinct reporter(s)"));
        }

        if (facts.NoticedListings > 0)
        {
            sheet.Add("brand_notices", Math.Min(facts.NoticedListings * p.BrandNotice, p.BrandNoticeCap), Invariant($"{facts.NoticedListings} listing(s) under brand notice"));
        }

        var deepStrength = SellerPatternFactors.AddPatterns(sheet, pattern, brands, isNew, returnedAt is not null, p);
        SellerPatternFactors.AddSuspectListings(sheet, suspect, active, removedCount, p);
        var doubted = SellerPatternFactors.AddEvidenceAcrossListings(sheet, pattern, listed, p);
        if (returnedAt is { } returned)
        {
            SellerPatternFactors.AddDormantBurst(sheet, burst!, burstBrands!, facts.DormantSince!.Value, returned, p);
        }

        if (facts.Links is { } links)
        {
            enforced |= AddLinks(sheet, links, p);
        }
        else if (facts.LinkedToEnforced)
        {
            enforced = true;
            sheet.Add("linked_to_enforced", p.LinkedToEnforced, "shares a fingerprint with a suspended seller");
        }

        if (facts.ScanFailures > 0)
        {
            sheet.Add("transparency_failures", Math.Min(facts.ScanFailures * p.TransparencyFailure, p.TransparencyFailureCap),
                Invariant($"{facts.ScanFailures} failed Transparency scan(s)"));
        }

        // Verification and age say who the seller is, not what it sells: once its own listings doubt
        // it in several independent ways, or nearly all of them sit deep below their brand's price,
        // its trust credits shrink as after an enforcement.
        var patterned = doubted || (p.DeepPatternShrinksCreditsFrom > 0 && deepStrength >= p.DeepPatternShrinksCreditsFrom);
        var creditShare = enforced || patterned ? p.CreditKeptAfterEnforcement : 1.0;
        AddVerification(sheet, facts, p, creditShare);

        if (ageDays >= p.EstablishedAgeDays && active >= p.EstablishedMinActiveListings)
        {
            sheet.Add("established_seller", p.EstablishedCredit * creditShare,
                Invariant($"{Math.Floor(ageDays)} days old with {active} live listings"));
        }

        return sheet.Total(policy.Bands);
    }

    /// <summary>
    /// Fingerprints shared with suspended sellers, each weighed by its kind and by how rare it is;
    /// true when the links are strong enough to count as enforcement.
    /// </summary>
    private static bool AddLinks(FactorSheet sheet, IReadOnlyCollection<FingerprintLink> links, SellerPolicy p)
    {
        var points = 0.0;
        var parts = new List<string>(links.Count);
        foreach (var link in links.OrderBy(l => l.Kind))
        {
            if (link.SuspendedSellers <= 0)
            {
                continue;
            }

            var sharing = Math.Max(link.SellersSharing, link.SuspendedSellers);
            var rarity = Math.Min(1, (double)Math.Max(p.LinkRareSharers, 1) / sharing);
            var strength = Math.Max(rarity, (double)link.SuspendedSellers / sharing);
            points += LinkWeight(link.Kind, p) * strength;
            parts.Add(Invariant($"{LinkName(link.Kind)} shared with {link.SuspendedSellers} suspended seller(s) ({sharing} seller(s) share it)"));
        }

        if (parts.Count == 0)
        {
            return false;
        }

        points = Math.Min(points, p.LinkCap);
        sheet.Add("linked_to_enforced", points, string.Join("; ", parts));
        return points >= p.LinkEnforcedFrom;
    }

    private static double LinkWeight(FingerprintKind kind, SellerPolicy p) => kind switch
    {
        FingerprintKind.BankAccount => p.LinkBankAccount,
        FingerprintKind.TaxId => p.LinkTaxId,
        FingerprintKind.Device => p.LinkDevice,
        FingerprintKind.Address => p.LinkAddress,
        _ => 0,
    };

    private static string LinkName(FingerprintKind kind) => kind switch
    {
        FingerprintKind.BankAccount => "bank account",
        FingerprintKind.TaxId => "tax id",
        FingerprintKind.Device => "device",
        FingerprintKind.Address => "address",
        _ => kind.ToString(),
    };

    private static void AddVerification(FactorSheet sheet, SellerFacts facts, SellerPolicy p, double creditShare)
    {
        var identityPassed = false;
        var failedPoints = 0.0;
        var failed = new List<string>();
        foreach (var (check, status) in facts.Verifications.OrderBy(v => v.Key))
        {
            var name = Name(check);
            switch (status.Outcome)
            {
                case VerificationOutcome.Passed:
                    identityPassed |= check == VerificationCheck.Identity;
                    sheet.Add($"verified_{name}", Credit(check, p) * creditShare, $"{name} check passed");
                    break;
                case VerificationOutcome.Failed:
                    failedPoints += p.VerificationFailed;
                    failed.Add(name);
                    break;
                case VerificationOutcome.Expired:
                    sheet.Add($"verification_expired_{name}", p.VerificationExpired, $"{name} check expired");
                    break;
            }
        }

        if (failed.Count > 0)
        {
            sheet.Add("verification_failed", Math.Min(failedPoints, p.VerificationFailedCap), $"failed: {string.Join(", ", failed)}");
        }

        if (!identityPassed)
        {
            sheet.Add("unverified", p.Unverified, "no passed identity check");
        }
    }

    private static double Credit(VerificationCheck check, SellerPolicy p) => check switch
    {
        VerificationCheck.Identity => p.IdentityVerifiedCredit,
        VerificationCheck.Business => p.BusinessVerifiedCredit,
        VerificationCheck.Bank => p.BankVerifiedCredit,
        VerificationCheck.Address => p.AddressVerifiedCredit,
        VerificationCheck.Video => p.VideoVerifiedCredit,
        _ => 0,
    };

    private static string Name(VerificationCheck check) => check.ToString().ToLowerInvariant();

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
