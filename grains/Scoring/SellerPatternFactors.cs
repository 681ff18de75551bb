using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// The seller factors read from patterns across its listings (deep discounts, doubted listings,
/// evidence of several kinds, a dormant account's burst): <see cref="SellerModel"/>'s seam.
/// </summary>
internal static class SellerPatternFactors
{
    /// <summary>
    /// Patterns across the seller's listings: many branded listings deep below their brand's price
    /// (a share of them, so that a clearance seller's handful among full-price goods counts little),
    /// listings whose evidence is corroborated, and a new account listing many brands at once.
    /// </summary>
    /// <returns>The deep-discount pattern's strength: its share of the whole weight, before the new-account multiplier (0 when none).</returns>
    internal static double AddPatterns(FactorSheet sheet, ListingPattern pattern, HashSet<string>? brands, bool isNew, bool returned, SellerPolicy p)
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
                SellerModel.Invariant($"{pattern.Deep} of {pattern.Branded} branded listing(s) deep below their brand's price")
                + (isNew ? " on a new account" : returned ? " on an account back from dormancy" : string.Empty));
        }

        if (pattern.Corroborated >= Math.Max(1, p.CorroboratedListingMin))
        {
            sheet.Add("corroborated_listings", Math.Min(pattern.CorroboratedWeight * p.CorroboratedListing, p.CorroboratedListingCap),
                SellerModel.Invariant($"{pattern.Corroborated} listing(s) with evidence of two kinds or more (price, authorization, photos, wording, reports)"));
        }

        if (pattern.ReportedDeep >= Math.Max(1, p.ReportedDiscountMin))
        {
            sheet.Add("reported_discounts", Math.Min(pattern.ReportedDeepWeight * p.ReportedDiscount, p.ReportedDiscountCap),
                SellerModel.Invariant($"{pattern.ReportedDeep} listing(s) deep below their brand's price were reported as well, each by its own reporters"));
        }

        if (brands is not null && brands.Count >= p.ManyBrandsMin)
        {
            sheet.Add("many_brands", Math.Min((brands.Count - p.ManyBrandsMin + 1) * p.ManyBrands, p.ManyBrandsCap),
                SellerModel.Invariant($"a new account listing {brands.Count} brands"));
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
    internal static void AddSuspectListings(FactorSheet sheet, int liveSuspect, int live, int removed, SellerPolicy p)
    {
        if (liveSuspect < Math.Max(1, p.SuspectListingsMin))
        {
            return;
        }

        var suspect = liveSuspect + removed;
        var share = (double)suspect / (live + removed);
        var ramp = Math.Min(1, suspect / Math.Max(p.SuspectListingsFull, 1));
        sheet.Add("suspect_listings", p.SuspectListings * share * ramp,
            SellerModel.Invariant($"{suspect} of {live + removed} listing(s) doubted on their own evidence: {liveSuspect} live scoring {p.SuspectListingScore} or more, {removed} removed"));
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
    internal static bool AddEvidenceAcrossListings(FactorSheet sheet, ListingPattern pattern, int listed, SellerPolicy p)
    {
        var kinds = pattern.DoubtKinds;
        if (p.EvidenceAcrossListings <= 0 || kinds < Math.Max(1, p.EvidenceKindsMin) || pattern.Doubted < Math.Max(1, p.EvidenceListingsMin))
        {
            return false;
        }

        var strength = Math.Min(1, (double)(kinds - p.EvidenceKindsMin + 1) / Math.Max(1, p.EvidenceKindsFull - p.EvidenceKindsMin + 1));
        var share = (double)pattern.Doubted / Math.Max(listed, pattern.Doubted);
        sheet.Add("evidence_across_listings", p.EvidenceAcrossListings * strength * share,
            SellerModel.Invariant($"{pattern.Doubted} of {listed} listing(s) doubted, on evidence of {kinds} kinds: {pattern.DoubtKindNames}"));
        return true;
    }

    /// <summary>
    /// When the seller came back from dormancy, while that return is recent: it listed again
    /// <see cref="SellerPolicy.DormantAccountDays"/> or more after its last listing activity, less
    /// than <see cref="SellerPolicy.DormantReturnDays"/> ago. A new account is read as new instead.
    /// </summary>
    internal static DateTimeOffset? ReturnFromDormancy(SellerFacts facts, bool isNew, SellerPolicy p, DateTimeOffset now) =>
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
    internal static void AddDormantBurst(FactorSheet sheet, ListingPattern burst, HashSet<string> brands, DateTimeOffset idleSince, DateTimeOffset back, SellerPolicy p)
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
            SellerModel.Invariant($"no listing activity for {Math.Floor((back - idleSince).TotalDays)} days until {back:yyyy-MM-dd}, then {burst.Deep} of {burst.Branded} branded listing(s) deep below their brand's price, across {brands.Count} brand(s)"));
    }
}

/// <summary>Counts of the seller's listed (not withdrawn) listings by their signals; weights are decayed by listing age.</summary>
internal sealed class ListingPattern
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
