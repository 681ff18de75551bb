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

        var enforced = false;
        var removedPoints = 0.0;
        var removedCount = 0;
        var topScore = 0.0;
        var risky = 0;
        var active = 0;
        foreach (var listing in facts.Listings)
        {
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

        if (facts.LinkedToEnforced)
        {
            enforced = true;
            sheet.Add("linked_to_enforced", p.LinkedToEnforced, "shares a fingerprint with a suspended seller");
        }

        if (facts.ScanFailures > 0)
        {
            sheet.Add("transparency_failures", Math.Min(facts.ScanFailures * p.TransparencyFailure, p.TransparencyFailureCap),
                Invariant($"{facts.ScanFailures} failed Transparency scan(s)"));
        }

        AddVerification(sheet, facts, p, enforced ? p.CreditKeptAfterEnforcement : 1.0);

        if (ageDays >= p.EstablishedAgeDays && active >= p.EstablishedMinActiveListings)
        {
            sheet.Add("established_seller", p.EstablishedCredit * (enforced ? p.CreditKeptAfterEnforcement : 1.0),
                Invariant($"{Math.Floor(ageDays)} days old with {active} live listings"));
        }

        return sheet.Total(policy.Bands);
    }

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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
