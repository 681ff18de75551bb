using System.Globalization;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

/// <summary>Shared facts, registries and helpers for the pure risk model tests.</summary>
internal static class ScoringData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The shipped default policy; never mutated by the tests.</summary>
    public static readonly RiskPolicy Policy = new();

    public static readonly PhraseSet CounterfeitTerms = new(Policy.Listing.CounterfeitTerms);

    public const string SellerId = "seller-1";

    public static DateTimeOffset DaysAgo(double days) => Now - TimeSpan.FromDays(days);

    public static Money Usd(decimal amount) => new(amount, "USD");

    public static BrandRegistryEntry Brand(
        string id,
        string name,
        bool restricted = false,
        Money? reference = null,
        string[]? trademarks = null,
        string[]? protectedTerms = null,
        string[]? authorized = null) =>
        new(id, name, trademarks ?? [], protectedTerms ?? [], authorized ?? [], reference, restricted, false);

    public static RegistryIndex Registry(params BrandRegistryEntry[] brands) => new(1, brands);

    public static ListingFacts Listing(
        string title,
        string? brandId = null,
        string sellerId = SellerId,
        Money? price = null,
        IReadOnlyList<string>? descriptionTerms = null,
        DateTimeOffset? changedAt = null,
        IReadOnlyCollection<ReportFact>? reports = null,
        ImageEvidence images = default,
        ObservedBrandPrice? observed = null) =>
        new(sellerId, brandId, title, descriptionTerms ?? [], price ?? Usd(50), changedAt ?? Now, reports ?? [], Images: images, ObservedPrice: observed);

    public static RiskAssessment AssessListing(ListingFacts facts, RegistryIndex? registry = null, DateTimeOffset? now = null) =>
        ListingModel.Assess(facts, registry ?? RegistryIndex.Empty, Policy, CounterfeitTerms, now ?? Now);

    public static ListingEvaluation EvaluateListing(ListingFacts facts, RegistryIndex? registry = null, DateTimeOffset? now = null) =>
        ListingModel.Evaluate(facts, registry ?? RegistryIndex.Empty, Policy, CounterfeitTerms, now ?? Now);

    /// <summary>The listing as its seller carries it: status (with the restricted-brand gate), score, signals and brand.</summary>
    public static ListingRiskFact Carried(ListingFacts facts, RegistryIndex registry, DateTimeOffset? at = null)
    {
        var (assessment, signals) = EvaluateListing(facts, registry);
        var status = ListingModel.StatusFor(assessment, false, Policy.Listing);
        return new ListingRiskFact(status, assessment.Score, status == ListingStatus.Removed ? RemovedBy.Proactive : null, at ?? Now, signals, facts.BrandId);
    }

    /// <summary>Reports by distinct new buyers, at the weight a new reporter's credibility earns (EnforcementPolicy.NewReporterWeight).</summary>
    public static ReportFact[] NewBuyerReports(int count) =>
        Enumerable.Range(0, count).Select(_ => new ReportFact(ReporterKind.Buyer, Policy.Enforcement.NewReporterWeight, Now)).ToArray();

    public static SellerFacts Seller(
        double ageDays = 400,
        IReadOnlyDictionary<VerificationCheck, VerificationStatus>? verifications = null,
        IReadOnlyCollection<ListingRiskFact>? listings = null,
        IReadOnlyCollection<ReportFact>? reports = null,
        IReadOnlyCollection<DateTimeOffset>? confirmed = null,
        IReadOnlyCollection<FingerprintLink>? links = null) =>
        new(DaysAgo(ageDays), DaysAgo(ageDays),
            verifications ?? new Dictionary<VerificationCheck, VerificationStatus>(),
            listings ?? [], reports ?? [], confirmed ?? [], Links: links);

    public static RiskAssessment AssessSeller(SellerFacts facts, DateTimeOffset? now = null) =>
        SellerModel.Assess(facts, Policy, now ?? Now);

    public static Dictionary<VerificationCheck, VerificationStatus> Checks(params (VerificationCheck Check, VerificationOutcome Outcome)[] checks) =>
        checks.ToDictionary(c => c.Check, c => new VerificationStatus(c.Outcome, DaysAgo(1)));

    public static ListingRiskFact[] ActiveListings(int count, int score = 0, double ageDays = 10) =>
        Enumerable.Range(0, count).Select(_ => new ListingRiskFact(ListingStatus.Active, score, null, DaysAgo(ageDays))).ToArray();

    public static ReportFact[] Reports(int count, ReporterKind kind = ReporterKind.Buyer, double ageDays = 0) =>
        Enumerable.Range(0, count).Select(_ => new ReportFact(kind, 1.0, DaysAgo(ageDays))).ToArray();

    public static Factor? Find(this RiskAssessment assessment, string code) =>
        assessment.Factors.FirstOrDefault(f => f.Code == code);

    /// <summary>The points of the factor with this code, 0 when the factor is absent.</summary>
    public static int PointsOf(this RiskAssessment assessment, string code) =>
        assessment.Find(code)?.Points ?? 0;

    public static int SumOfPoints(this RiskAssessment assessment) => assessment.Factors.Sum(f => f.Points);

    public static string Describe(RiskAssessment a) =>
        $"score {a.Score} [{string.Join(", ", a.Factors.Select(f => $"{f.Code} {f.Points}"))}]";

    public static string Describe(SellerFacts f) =>
        Invariant($"SellerFacts(registeredAt {Age(f.RegisteredAt)}, firstSeen {Age(f.FirstSeenAt)}, ")
        + Invariant($"verifications [{string.Join(", ", f.Verifications.Select(v => $"{v.Key}={v.Value.Outcome}"))}], ")
        + Invariant($"listings [{string.Join(", ", f.Listings.Select(l => $"{l.Status}/{l.Score}/{l.RemovedBy?.ToString() ?? "-"}/{Age(l.At)}/{l.Signals}/{l.BrandId ?? "-"}"))}], ")
        + Invariant($"reports [{string.Join(", ", f.Reports.Select(Describe))}], ")
        + Invariant($"confirmed [{string.Join(", ", f.ConfirmedInfringements.Select(c => Age(c)))}], ")
        + Invariant($"linked {f.LinkedToEnforced}, links {(f.Links is null ? "null" : "[" + string.Join(", ", f.Links) + "]")})");

    public static string Describe(ListingFacts f) =>
        Invariant($"ListingFacts(seller {f.SellerId}, brand {f.BrandId ?? "null"}, title '{f.Title}', ")
        + Invariant($"description terms [{string.Join(", ", f.DescriptionTerms)}], price {f.Price.Amount} {f.Price.Currency}, ")
        + Invariant($"changed {Age(f.ChangedAt)}, reports [{string.Join(", ", f.Reports.Select(Describe))}], ")
        + Invariant($"notices {f.BrandNotices}, scans {f.ScanFailures}, images {f.Images}, observed {f.ObservedPrice?.ToString() ?? "null"})");

    private static string Describe(ReportFact r) => Invariant($"{r.Kind}/w{r.Weight:0.###}/{Age(r.At)}");

    private static string Age(DateTimeOffset? at) =>
        at is { } value ? ((Now - value).TotalDays).ToString("0.###", CultureInfo.InvariantCulture) + "d ago" : "null";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
