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
        var returnedAt = ReturnFromDormancy(facts, isNew, p, now);
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

        var deepStrength = AddPatterns(sheet, pattern, brands, isNew, returnedAt is not null, p);
        AddSuspectListings(sheet, suspect, active, removedCount, p);
        var doubted = AddEvidenceAcrossListings(sheet, pattern, listed, p);
        if (returnedAt is { } returned)
        {
            AddDormantBurst(sheet, burst!, burstBrands!, facts.DormantSince!.Value, returned, p);
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
    /// Patterns across the seller's listings: many branded listings deep below their brand's price
    /// (a share of them, so that a clearance seller's handful among full-price goods counts little),
    /// listings whose evidence is corroborated, and a new account listing many brands at once.
    /// </summary>
    /// <returns>The deep-discount pattern's strength: its share of the whole weight, before the new-account multiplier (0 when none).</returns>
    private static double AddPatterns(FactorSheet sheet, ListingPattern pattern, HashSet<string>? brands, bool isNew, bool returned, SellerPolicy p)
    {
        var deepStrength = 0.0;
        if (pattern.Deep >= Math.Max(1, p.DeepDiscountPatternMin))
        {
            // The share counts to a power: a pattern is most of the seller's listings, and a few clearance items among many are not.
            var share = Math.Pow((double)pattern.Deep / Math.Max(pattern.Branded, pattern.Deep), Math.Max(1, p.DeepDiscountShareExponent));
            var ramp = Math.Min(1, pattern.DeepWeight / Math.Max(p.DeepDiscountPatternFull, 1));
            deepStrength = share * ramp;
            var points = p.DeepDiscountPattern * share * ramp * (isNew || returned ? p.NewAccountPatternMultiplier : 1);
            sheet.Add("deep_discount_pattern", points,
                Invariant($"{pattern.Deep} of {pattern.Branded} branded listing(s) deep below their brand's price")
                + (isNew ? " on a new account" : returned ? " on an account back from dormancy" : string.Empty));
        }

        if (pattern.Corroborated >= Math.Max(1, p.CorroboratedListingMin))
        {
            sheet.Add("corroborated_listings", Math.Min(pattern.CorroboratedWeight * p.CorroboratedListing, p.CorroboratedListingCap),
                Invariant($"{pattern.Corroborated} listing(s) with evidence of two kinds or more (price, authorization, photos, wording, reports)"));
        }

        if (pattern.ReportedDeep >= Math.Max(1, p.ReportedDiscountMin))
        {
            sheet.Add("reported_discounts", Math.Min(pattern.ReportedDeepWeight * p.ReportedDiscount, p.ReportedDiscountCap),
                Invariant($"{pattern.ReportedDeep} listing(s) deep below their brand's price were reported as well, each by its own reporters"));
        }

        if (brands is not null && brands.Count >= p.ManyBrandsMin)
        {
            sheet.Add("many_brands", Math.Min((brands.Count - p.ManyBrandsMin + 1) * p.ManyBrands, p.ManyBrandsCap),
                Invariant($"a new account listing {brands.Count} brands"));
        }

        return deepStrength;
    }

    /// <summary>
    /// The share of the seller's listed listings that the model doubts on their own evidence (live
    /// ones scoring <see cref="SellerPolicy.SuspectListingScore"/> or more, and removed ones), ramped
    /// by how many they are: moderate evidence on most of a seller's listings is a pattern even
    /// when no one listing reaches removal. Only while the pattern goes on: nothing unless at least
    /// <see cref="SellerPolicy.SuspectListingsMin"/> live listings are doubted (removals alone are
    /// <c>removed_listings</c>' to weigh).
    /// </summary>
    private static void AddSuspectListings(FactorSheet sheet, int liveSuspect, int live, int removed, SellerPolicy p)
    {
        if (liveSuspect < Math.Max(1, p.SuspectListingsMin))
        {
            return;
        }

        var suspect = liveSuspect + removed;
        var share = (double)suspect / (live + removed);
        var ramp = Math.Min(1, suspect / Math.Max(p.SuspectListingsFull, 1));
        sheet.Add("suspect_listings", p.SuspectListings * share * ramp,
            Invariant($"{suspect} of {live + removed} listing(s) doubted on their own evidence: {liveSuspect} live scoring {p.SuspectListingScore} or more, {removed} removed"));
    }

    /// <summary>
    /// Evidence of several independent kinds spread over the seller's listings (authorization,
    /// photos seen on removed counterfeits, wording, deep discounts, brand notices, Transparency
    /// scans; reports are left out, since a brigade can file them on any listing), even when no one
    /// listing carries two: a quiet counterfeiter's fakes each show a different weak doubt. Up to
    /// <see cref="SellerPolicy.EvidenceAcrossListings"/> points, ramping from
    /// <see cref="SellerPolicy.EvidenceKindsMin"/> kinds to <see cref="SellerPolicy.EvidenceKindsFull"/>,
    /// by the share of its listed listings that carry any of them. Honest sellers show two kinds at
    /// most in the ordinary course (the brand's photos on a resale, a clearance price). True when it applies.
    /// </summary>
    private static bool AddEvidenceAcrossListings(FactorSheet sheet, ListingPattern pattern, int listed, SellerPolicy p)
    {
        var kinds = pattern.DoubtKinds;
        if (p.EvidenceAcrossListings <= 0 || kinds < Math.Max(1, p.EvidenceKindsMin) || pattern.Doubted < Math.Max(1, p.EvidenceListingsMin))
        {
            return false;
        }

        var strength = Math.Min(1, (double)(kinds - p.EvidenceKindsMin + 1) / Math.Max(1, p.EvidenceKindsFull - p.EvidenceKindsMin + 1));
        var share = (double)pattern.Doubted / Math.Max(listed, pattern.Doubted);
        sheet.Add("evidence_across_listings", p.EvidenceAcrossListings * strength * share,
            Invariant($"{pattern.Doubted} of {listed} listing(s) doubted, on evidence of {kinds} kinds: {pattern.DoubtKindNames}"));
        return true;
    }

    /// <summary>
    /// When the seller came back from dormancy, while that return is recent: it listed again
    /// <see cref="SellerPolicy.DormantAccountDays"/> or more after its last listing activity, less
    /// than <see cref="SellerPolicy.DormantReturnDays"/> ago. A new account is read as new instead.
    /// </summary>
    private static DateTimeOffset? ReturnFromDormancy(SellerFacts facts, bool isNew, SellerPolicy p, DateTimeOffset now) =>
        !isNew && facts is { DormantSince: { } idle, ReturnedAt: { } back }
            && (back - idle).TotalDays >= p.DormantAccountDays && back <= now && (now - back).TotalDays < p.DormantReturnDays
            ? back
            : null;

    /// <summary>
    /// A dormant account's burst since its return: branded listings deep below their brand's price
    /// (as a share of its branded listings, and weighed half when they are all of one brand: an
    /// honest seller clearing one brand's old stock looks like that), and many brands at once;
    /// either alone counts, both add up to the whole weight.
    /// An honest return with normally priced goods of a few brands earns nothing.
    /// </summary>
    private static void AddDormantBurst(FactorSheet sheet, ListingPattern burst, HashSet<string> brands, DateTimeOffset idleSince, DateTimeOffset back, SellerPolicy p)
    {
        var deep = 0.0;
        if (burst.Deep >= Math.Max(1, p.DeepDiscountPatternMin))
        {
            var share = (double)burst.Deep / Math.Max(burst.Branded, burst.Deep);
            var ramp = Math.Min(1, burst.Deep / Math.Max(p.DeepDiscountPatternFull, 1));
            deep = share * ramp * (brands.Count >= 2 ? 1 : 0.5);
        }

        var many = brands.Count >= p.ManyBrandsMin
            ? Math.Min(1, (double)(brands.Count - p.ManyBrandsMin + 1) / Math.Max(p.ManyBrandsMin, 1))
            : 0;
        var strength = Math.Min(1, deep + many);
        if (strength <= 0)
        {
            return;
        }

        sheet.Add("dormant_account_burst", p.DormantAccountBurst * strength,
            Invariant($"no listing activity for {Math.Floor((back - idleSince).TotalDays)} days until {back:yyyy-MM-dd}, then {burst.Deep} of {burst.Branded} branded listing(s) deep below their brand's price, across {brands.Count} brand(s)"));
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts of the seller's listed (not withdrawn) listings by their signals; weights are decayed by listing age.</summary>
    private sealed class ListingPattern
    {
        private const ListingSignals Authorization = ListingSignals.RestrictedUnauthorized | ListingSignals.OfficialPhotosUnauthorized;
        private const ListingSignals Photos = ListingSignals.CounterfeitPhotos | ListingSignals.SharedPhotos;
        private const ListingSignals Wording = ListingSignals.CounterfeitTerms | ListingSignals.BrandTermMismatch;

        public int Branded { get; private set; }
        public int Deep { get; private set; }
        public double DeepWeight { get; private set; }
        public int Corroborated { get; private set; }
        public double CorroboratedWeight { get; private set; }
        public int ReportedDeep { get; private set; }
        public double ReportedDeepWeight { get; private set; }

        /// <summary>Listings carrying at least one kind of doubt (<see cref="DoubtKinds"/>).</summary>
        public int Doubted { get; private set; }

        /// <summary>How many distinct kinds of doubt the listings carry between them.</summary>
        public int DoubtKinds => System.Numerics.BitOperations.PopCount((uint)_kinds);

        public string DoubtKindNames => string.Join(", ", KindNames.Where((_, i) => (_kinds & (1 << i)) != 0).Select(k => k.Name));

        private static readonly (ListingSignals Kind, string Name)[] KindNames =
        [
            (Authorization, "authorization"), (ListingSignals.CounterfeitPhotos, "photos of removed counterfeits"), (Wording, "wording"),
            (ListingSignals.DeepDiscount, "deep discounts"), (ListingSignals.Noticed, "brand notices"), (ListingSignals.ScanFailed, "Transparency scans"),
        ];

        private int _kinds;

        public void Add(ListingSignals signals, double weight)
        {
            var deep = (signals & ListingSignals.DeepDiscount) != 0;
            if (deep || (signals & ListingSignals.Branded) != 0)
            {
                Branded++;
            }

            if (deep)
            {
                Deep++;
                DeepWeight += weight;
                if ((signals & ListingSignals.Reported) != 0)
                {
                    ReportedDeep++;
                    ReportedDeepWeight += weight;
                }
            }

            // One bit a kind, whichever of its flags the listing carries.
            var doubts = 0;
            for (var i = 0; i < KindNames.Length; i++)
            {
                if ((signals & KindNames[i].Kind) != 0)
                {
                    doubts |= 1 << i;
                }
            }

            if (doubts != 0)
            {
                Doubted++;
                _kinds |= doubts;
            }

            // The listing model's corroboration also counts reports, notices and scans, which the signals do not carry.
            var kinds = (deep ? 1 : 0) + ((signals & Authorization) != 0 ? 1 : 0) + ((signals & Photos) != 0 ? 1 : 0) + ((signals & Wording) != 0 ? 1 : 0);
            if (kinds >= 2 || (signals & ListingSignals.DiscountCorroborated) != 0)
            {
                Corroborated++;
                CorroboratedWeight += weight;
            }
        }
    }
}
