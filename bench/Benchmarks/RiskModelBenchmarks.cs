using BenchmarkDotNet.Attributes;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Benchmarks;

/// <summary>
/// The risk model's hot path: scoring a listing against a registry (every listing event) and
/// rescoring a seller (every change it carries), with the shipped policy.
/// Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class RiskModelBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly RiskPolicy _policy = new();
    private PhraseSet _terms = null!;
    private RegistryIndex _registry = null!;
    private ListingFacts _honest = null!;
    private ListingFacts _counterfeit = null!;
    private SellerFacts _seller10 = null!;
    private SellerFacts _seller1000 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _terms = new PhraseSet(_policy.Listing.CounterfeitTerms);
        var brands = Enumerable.Range(0, 500).Select(i => new BrandRegistryEntry(
            $"b{i}", $"Brand{i}", [$"Brand{i}", $"B{i}Pro"], [$"Brand{i} Signature"], i % 5 == 0 ? ["s-auth"] : [],
            new Money(100 + i, "USD"), i % 5 == 0, false)).ToList();
        _registry = new RegistryIndex(1, brands);
        _honest = new ListingFacts("s1", "b7", "Brand7 classic leather tote bag, navy", [], new Money(80, "USD"), Now, []);
        _counterfeit = new ListingFacts("s2", "b10", "Brand10 Signature bag replica 1:1 mirror quality", ["dupe"], new Money(40, "USD"), Now,
            [new ReportFact(ReporterKind.Buyer, 0.5, Now.AddDays(-1))]);
        _seller10 = Seller(10);
        _seller1000 = Seller(1000);
    }

    [Benchmark(Baseline = true)]
    public RiskAssessment HonestListing() => ListingModel.Assess(_honest, _registry, _policy, _terms, Now);

    [Benchmark]
    public RiskAssessment CounterfeitListing() => ListingModel.Assess(_counterfeit, _registry, _policy, _terms, Now);

    [Benchmark]
    public RiskAssessment SellerWith10Listings() => SellerModel.Assess(_seller10, _policy, Now);

    [Benchmark]
    public RiskAssessment SellerWith1000Listings() => SellerModel.Assess(_seller1000, _policy, Now);

    private static SellerFacts Seller(int listings) => new(
        Now.AddYears(-2),
        Now.AddYears(-2),
        new Dictionary<VerificationCheck, VerificationStatus> { [VerificationCheck.Identity] = new(VerificationOutcome.Passed, Now.AddYears(-1)) },
        Enumerable.Range(0, listings).Select(i => new ListingRiskFact(i % 50 == 0 ? ListingStatus.Removed : ListingStatus.Active, i % 7 * 9, null, Now.AddDays(-i % 90))).ToList(),
        [new ReportFact(ReporterKind.Buyer, 0.5, Now.AddDays(-3))],
        []);
}
