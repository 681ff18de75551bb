using CsCheck;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>Properties of the pure risk model over randomly generated facts, with the shipped default policy.</summary>
public sealed class RiskModelPropertyTests
{
    private const int Iterations = 500;

    // ---- generators -------------------------------------------------------------------------

    private static readonly Gen<ReportFact> GenReport =
        Gen.Select(Gen.Enum<ReporterKind>(), Gen.Double[0, 2], Gen.Double[0, 200],
            (kind, weight, age) => new ReportFact(kind, weight, DaysAgo(age)));

    private static readonly Gen<Dictionary<VerificationCheck, VerificationStatus>> GenVerifications =
        // 0 = never ran, 1 = passed, 2 = failed, 3 = expired
        Gen.Frequency((4, 0), (4, 1), (1, 2), (1, 3)).Array[5].Select(codes =>
        {
            var checks = new Dictionary<VerificationCheck, VerificationStatus>();
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] > 0)
                {
                    checks[(VerificationCheck)i] = new VerificationStatus((VerificationOutcome)(codes[i] - 1), Now);
                }
            }

            return checks;
        });

    // Mostly live, mostly low-scoring listings, so that sellers spread over the whole 0..100 range;
    // half carry no signals or brand, as from grains that do not supply them.
    private static readonly Gen<ListingRiskFact> GenListingRisk =
        Gen.Select(
            Gen.Select(
                Gen.Frequency((30, ListingStatus.Active), (6, ListingStatus.Flagged), (1, ListingStatus.Removed), (3, ListingStatus.Withdrawn)),
                Gen.Frequency((4, Gen.Int[0, 30]), (1, Gen.Int[0, 100])),
                Gen.Enum<RemovedBy>().Nullable(0.3),
                Gen.Double[0, 720],
                (status, score, removedBy, age) => new ListingRiskFact(status, score, removedBy, DaysAgo(age))),
            Gen.Frequency((1, Gen.Const(0)), (1, Gen.Int[0, 255])),
            Gen.OneOf<string?>(null, "acme", "globex", "lumina", "vault", "initech", "b6", "b7"),
            (fact, signals, brand) => fact with { Signals = (ListingSignals)signals, BrandId = brand });

    private static readonly Gen<FingerprintLink> GenLink =
        Gen.Select(Gen.Enum<FingerprintKind>(), Gen.Int[0, 3], Gen.Int[0, 60],
            (kind, suspended, others) => new FingerprintLink(kind, suspended, suspended + others));

    private static readonly Gen<List<FingerprintLink>?> GenLinks =
        Gen.Frequency((2, Gen.Const((List<FingerprintLink>?)null)), (1, GenLink.List[0, 4].Select(l => (List<FingerprintLink>?)l)));

    private static readonly Gen<List<double>> GenConfirmedAges =
        Gen.Frequency((3, Gen.Const(new List<double>())), (1, Gen.Double[0, 1500].List[1, 4]));

    private static readonly Gen<SellerFacts> GenSeller =
        Gen.Select(
            Gen.Select(
                Gen.Double[0, 1000].Nullable(0.2),
                Gen.Double[0, 1000],
                GenVerifications,
                GenListingRisk.List[0, 40],
                GenReport.List[0, 5],
                GenConfirmedAges,
                (registeredAge, firstSeenAge, verifications, listings, reports, confirmed) => new SellerFacts(
                    registeredAge is { } r ? DaysAgo(r) : null,
                    DaysAgo(firstSeenAge),
                    verifications,
                    listings,
                    reports,
                    confirmed.Select(DaysAgo).ToList())),
            Gen.Bool,
            GenLinks,
            (facts, linked, links) => facts with { LinkedToEnforced = linked, Links = links });

    private static readonly RegistryIndex PropertyRegistry = Registry(
        Brand("acme", "Acme", trademarks: ["AcmeRun"], protectedTerms: ["Roadrunner"], reference: Usd(100)),
        Brand("globex", "Globex", trademarks: ["GlobexPro"], reference: new Money(80, "EUR")),
        Brand("lumina", "Lumina", restricted: true, reference: Usd(250), authorized: ["seller-auth"]),
        Brand("vault", "Vault", restricted: true),
        Brand("initech", "Initech", protectedTerms: ["TPS"], reference: Usd(0)));

    private static readonly string[] TitleWords =
    [
        "shoes", "bag", "genuine", "new", "sale", "acme", "acmerun", "roadrunner", "globex", "globexpro", "lumina",
        "vault", "tps", "replica", "1:1", "mirror", "quality", "AAA+", "inspired", "by", "fake", "knock", "off",
        "not", "original", "Dupe!", "leather", "batteries", "nature", "for", "case", "compatible", "with", "fits", "strap",
    ];

    private static readonly string[] DescriptionTermPool = ["replica", "fake", "super copy", "inspired by", "1:1", "dupe", "aaa", "same as original"];

    private static readonly Gen<ImageEvidence> GenImages =
        Gen.Frequency(
            (2, Gen.Const(ImageEvidence.None)),
            (1, Gen.Int[0, 4].Array[4].Select(c => new ImageEvidence(c[0], c[1], c[2], c[3]))));

    private static readonly Gen<ObservedBrandPrice?> GenObserved =
        Gen.Frequency(
            (2, Gen.Const((ObservedBrandPrice?)null)),
            (1, Gen.Select(Gen.Int[0, 400], Gen.OneOf("USD", "EUR"), Gen.Int[0, 60],
                (amount, currency, samples) => (ObservedBrandPrice?)new ObservedBrandPrice(new Money(amount, currency), samples))));

    private static readonly Gen<ListingFacts> GenContent =
        Gen.Select(
            Gen.OneOf("seller-1", "seller-auth"),
            Gen.OneOf<string?>(null, "acme", "globex", "lumina", "vault", "initech", "unregistered"),
            Gen.OneOf(TitleWords).Array[0, 8].Select(words => string.Join(" ", words)),
            Gen.OneOf(DescriptionTermPool).List[0, 3].Select(terms => (IReadOnlyList<string>)terms.Distinct().ToList()),
            Gen.Select(Gen.Frequency((1, Gen.Int[0, 60]), (2, Gen.Int[0, 300])), Gen.OneOf("USD", "EUR"),
                (amount, currency) => new Money(amount, currency)),
            Gen.Double[0, 500],
            GenReport.List[0, 5],
            (seller, brand, title, terms, price, changedAge, reports) =>
                new ListingFacts(seller, brand, title, terms, price, DaysAgo(changedAge), reports));

    private static readonly Gen<ListingFacts> GenListing =
        Gen.Select(
            GenContent,
            GenImages,
            GenObserved,
            Gen.Int[0, 2],
            Gen.Int[0, 2],
            (facts, images, observed, notices, scans) => facts with { Images = images, ObservedPrice = observed, BrandNotices = notices, ScanFailures = scans });

    private static RiskAssessment Assess(ListingFacts facts, DateTimeOffset now) =>
        ListingModel.Assess(facts, PropertyRegistry, Policy, CounterfeitTerms, now);

    private static void AssertWellFormed(RiskAssessment a, string facts)
    {
        Assert.True(a.Score == a.SumOfPoints(), $"points {a.SumOfPoints()} != score {a.Score}: {Describe(a)} for {facts}");
        Assert.True(a.Score is >= 0 and <= 100, $"score out of 0..100: {Describe(a)} for {facts}");
        Assert.Equal(Bands.Of(a.Score, Policy.Bands), a.Band);
    }

    // ---- (i) + (ii) -------------------------------------------------------------------------

    [Fact] // (i)+(ii) seller: factor points sum exactly to the score, and the score is within 0..100
    public void Seller_points_sum_to_score_within_0_to_100()
    {
        GenSeller.Sample(facts => AssertWellFormed(AssessSeller(facts), Describe(facts)),
            iter: Iterations, print: Describe);
    }

    [Fact] // (i)+(ii) listing: factor points sum exactly to the score, and the score is within 0..100
    public void Listing_points_sum_to_score_within_0_to_100()
    {
        GenListing.Sample(facts => AssertWellFormed(Assess(facts, Now), Describe(facts)),
            iter: Iterations, print: Describe);
    }

    // ---- (iii) ------------------------------------------------------------------------------

    [Fact] // (iii) adding a confirmed infringement (of any age) never lowers the seller score
    public void Adding_a_confirmed_infringement_never_lowers_the_seller_score()
    {
        Gen.Select(GenSeller, Gen.Double[0, 1500]).Sample((facts, ageDays) =>
        {
            var before = AssessSeller(facts);
            var after = AssessSeller(facts with { ConfirmedInfringements = [.. facts.ConfirmedInfringements, DaysAgo(ageDays)] });

            Assert.True(after.Score >= before.Score,
                $"infringement {ageDays:0.###}d ago lowered {Describe(before)} to {Describe(after)}");
        }, iter: Iterations, print: t => $"{Describe(t.Item1)} + infringement {t.Item2:0.###}d ago");
    }

    // ---- (iv) -------------------------------------------------------------------------------

    [Fact] // (iv) seller: assessing the same facts at a later now never gives a higher score
    public void Seller_score_never_rises_with_time()
    {
        Gen.Select(GenSeller, Gen.Double[0, 400]).Sample((facts, laterDays) =>
        {
            var earlier = AssessSeller(facts, Now);
            var later = AssessSeller(facts, Now + TimeSpan.FromDays(laterDays));

            Assert.True(later.Score <= earlier.Score,
                $"{laterDays:0.###} days later {Describe(earlier)} became {Describe(later)}");
        }, iter: Iterations, print: t => $"{Describe(t.Item1)} assessed again {t.Item2:0.###} days later");
    }

    [Fact] // (iv) listing: assessing the same facts at a later now never gives a higher score
    public void Listing_score_never_rises_with_time()
    {
        Gen.Select(GenListing, Gen.Double[0, 400]).Sample((facts, laterDays) =>
        {
            var earlier = Assess(facts, Now);
            var later = Assess(facts, Now + TimeSpan.FromDays(laterDays));

            Assert.True(later.Score <= earlier.Score,
                $"{laterDays:0.###} days later {Describe(earlier)} became {Describe(later)}");
        }, iter: Iterations, print: t => $"{Describe(t.Item1)} assessed again {t.Item2:0.###} days later");
    }

    // ---- detection: gates, price, photos, reports, links ------------------------------------

    [Fact] // a restricted brand's listing by a seller the brand has not authorized is never active
    public void Restricted_brand_unauthorized_is_never_active()
    {
        GenListing.Where(f => f.BrandId is "lumina" or "vault" && f.SellerId != "seller-auth").Sample(facts =>
        {
            var a = Assess(facts, Now);
            var status = ListingModel.StatusFor(a, false, Policy.Listing);
            Assert.True(status != ListingStatus.Active, $"{status}: {Describe(a)} for {Describe(facts)}");
        }, iter: Iterations, print: Describe);
    }

    [Fact] // price alone never flags: a clean listing of a registered brand stays under the flag threshold at any price
    public void Price_alone_never_flags()
    {
        Gen.Select(Gen.OneOf("acme", "globex", "initech"), Gen.Double[0, 300], Gen.Int[0, 60]).Sample((brand, amount, samples) =>
        {
            var facts = new ListingFacts(SellerId, brand, "running shoes", [], Usd((decimal)amount), Now, [],
                ObservedPrice: new ObservedBrandPrice(Usd(100), samples));
            var a = Assess(facts, Now);
            Assert.True(a.Score < Policy.Listing.FlagThreshold, $"{Describe(a)} for {Describe(facts)}");
        }, iter: Iterations, print: t => $"{t.Item1} at {t.Item2:0.##} USD, {t.Item3} samples");
    }

    [Fact] // more photo evidence never lowers a listing's score
    public void Photo_evidence_never_lowers_the_listing_score()
    {
        Gen.Select(GenListing, GenImages).Sample((facts, more) =>
        {
            var before = Assess(facts, Now);
            var images = new ImageEvidence(
                facts.Images.OfficialPhotosUnauthorized + more.OfficialPhotosUnauthorized,
                facts.Images.CounterfeitPhotos + more.CounterfeitPhotos,
                facts.Images.SharedPhotos + more.SharedPhotos,
                facts.Images.StockPhotos + more.StockPhotos);
            var after = Assess(facts with { Images = images }, Now);
            Assert.True(after.Score >= before.Score, $"{Describe(before)} became {Describe(after)} with {more}");
        }, iter: Iterations, print: t => $"{Describe(t.Item1)} + {t.Item2}");
    }

    [Fact] // reports alone, however many, never restrict an identity-verified seller whose listings carry nothing else
    public void Mass_reports_never_restrict_a_verified_seller()
    {
        var clean = new ListingFacts(SellerId, "acme", "AcmeRun trail shoes", [], Usd(100), Now, []);
        Gen.Select(GenVerifications, Gen.Double[0, 2000], Gen.Int[0, 30].Array[0, 30], Gen.Int[0, 200]).Sample((checks, ageDays, listingReports, sellerReports) =>
        {
            // Verified: identity passed, and no failed check (a failure is risk of its own, not a report).
            var verified = checks.Where(c => c.Value.Outcome != VerificationOutcome.Failed).ToDictionary(c => c.Key, c => c.Value);
            verified[VerificationCheck.Identity] = new VerificationStatus(VerificationOutcome.Passed, Now);
            var listings = listingReports.Select(n => Carried(clean with { Reports = Reports(n, ReporterKind.System) }, PropertyRegistry)).ToArray();
            var seller = new SellerFacts(DaysAgo(ageDays), DaysAgo(ageDays), verified, listings, Reports(sellerReports, ReporterKind.System), []);
            var a = AssessSeller(seller);
            Assert.True(Decisions.For(a.Score, Policy.Decisions) < Decision.Restrict, $"{Describe(a)} for {Describe(seller)}");
        }, iter: Iterations, print: t => $"{t.Item1.Count} checks, {t.Item2:0.#} days, listing reports [{string.Join(",", t.Item3)}], {t.Item4} seller reports");
    }

    [Fact] // a fingerprint link to a suspended seller never lowers the seller's score
    public void A_link_never_lowers_the_seller_score()
    {
        Gen.Select(GenSeller, GenLink).Sample((facts, link) =>
        {
            var before = AssessSeller(facts);
            var after = AssessSeller(facts with { Links = [.. facts.Links ?? [], link] });

            // Given links replace the bool, so compare with the links path only.
            if (facts.Links is not null || !facts.LinkedToEnforced)
            {
                Assert.True(after.Score >= before.Score, $"{Describe(before)} became {Describe(after)} with {link}");
            }
        }, iter: Iterations, print: t => $"{Describe(t.Item1)} + {t.Item2}");
    }

    // ---- (v) --------------------------------------------------------------------------------

    /// <summary>A decision reached at its threshold, and scores oscillating in [T − margin, next threshold).</summary>
    private static Gen<(Decision Reached, Decision From, int[] Scores)> Oscillation(DecisionPolicy policy) =>
        Gen.Enum<Decision>().SelectMany(reached =>
        {
            var t = Decisions.Threshold(reached, policy);
            var lo = Math.Max(0, t - policy.HysteresisMargin);
            var hi = reached == Decision.Suspend ? Math.Max(t, 100) : Decisions.Threshold(reached + 1, policy) - 1;
            return Gen.Select(
                Gen.Int[0, (int)reached].Select(from => (Decision)from),
                Gen.Int[lo, hi].Array[1, 30],
                (from, scores) => (reached, from, scores));
        });

    private static void AssertNoFlap(DecisionPolicy policy, Decision reached, Decision from, int[] scores)
    {
        var t = Decisions.Threshold(reached, policy);
        var current = Decisions.Next(t, from, policy);
        Assert.Equal(reached, current);

        foreach (var score in scores)
        {
            var next = Decisions.Next(score, current, policy);
            Assert.True(next == current,
                $"{current} reached at {t} moved to {next} at score {score} (sequence {string.Join(",", scores)})");
            current = next;
        }
    }

    [Fact] // (v) default policy: a decision reached at threshold T holds for any scores oscillating in [T − margin, next threshold)
    public void Hysteresis_never_flaps_with_default_policy()
    {
        var policy = Policy.Decisions;
        Oscillation(policy).Sample((reached, from, scores) => AssertNoFlap(policy, reached, from, scores),
            iter: Iterations, print: t => $"{t.Item1} from {t.Item2}, scores {string.Join(",", t.Item3)}");
    }

    [Fact] // (v) any valid policy (increasing thresholds, any margin): a decision reached at T never flaps inside [T − margin, next threshold)
    public void Hysteresis_never_flaps_with_random_policies()
    {
        var genPolicy = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 30].Array[3], Gen.Int[0, 30], (monitor, gaps, margin) => new DecisionPolicy
        {
            Monitor = monitor,
            Review = monitor + gaps[0],
            Restrict = monitor + gaps[0] + gaps[1],
            Suspend = monitor + gaps[0] + gaps[1] + gaps[2],
            HysteresisMargin = margin,
        });

        genPolicy.SelectMany(policy => Oscillation(policy).Select(o => (policy, o))).Sample(t =>
                AssertNoFlap(t.policy, t.o.Reached, t.o.From, t.o.Scores),
            iter: Iterations,
            print: t => $"policy {t.policy.Monitor}/{t.policy.Review}/{t.policy.Restrict}/{t.policy.Suspend} margin {t.policy.HysteresisMargin}: " +
                        $"{t.o.Reached} from {t.o.From}, scores {string.Join(",", t.o.Scores)}");
    }
}
