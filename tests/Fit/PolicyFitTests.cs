using IpGuard.Fit;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using IpGuard.Grains;
using IpGuard.Tests.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IpGuard.Tests.Fit;

/// <summary>tools/fit: weights learned from labelled outcomes stay explained, bounded and a valid policy document.</summary>
public sealed class PolicyFitTests
{
    private static readonly RiskPolicy Shipped = new();

    [Fact(DisplayName = "Fit: a factor that comes with infringement gains weight, one that comes with honesty loses it, a credit stays a credit, and every weight stays within 0..2x")]
    public void WeightsFollowTheOutcomes()
    {
        var (policy, reports) = PolicyFit.Fit(Synthetic(400, seed: 7), Shipped, "test-fit.1", new FitOptions());

        var listing = Weights(reports, OutcomeSubject.Listing);
        Assert.True(listing["counterfeit_terms"].Coefficient > 0, "counterfeit terms come with infringement");
        Assert.InRange(listing["reports"].Coefficient, 0, 0.3);
        Assert.True(listing["counterfeit_terms"].Final / listing["counterfeit_terms"].Base > listing["reports"].Final / listing["reports"].Base,
            "relative to their base weights, terms gain on reports, which come as often with honest listings");

        var seller = Weights(reports, OutcomeSubject.Seller);
        Assert.True(seller["verified_identity"].Coefficient > 0, "a passed identity check comes with honest sellers");
        Assert.True(policy.Seller.IdentityVerifiedCredit < 0, "a credit lowers the score");
        Assert.True(seller["confirmed_infringements"].Final > 0);

        foreach (var w in reports.SelectMany(r => r.Weights))
        {
            Assert.InRange(w.Final / w.Base, 0, 2);
        }

        // Thresholds keep their meaning: they are not fitted.
        Assert.Equal(Shipped.Listing.RemovalThreshold, policy.Listing.RemovalThreshold);
        Assert.Equal(Shipped.Decisions.Restrict, policy.Decisions.Restrict);
    }

    [Fact(DisplayName = "Fit: under a fitted policy each factor's points are its fitted weight times its feature value, and they add up to the score")]
    public void FittedPointsAreWeightTimesFeatureAndAddUp()
    {
        var (policy, reports) = PolicyFit.Fit(Synthetic(400, seed: 11), Shipped, "test-fit.2", new FitOptions());
        var weights = Weights(reports, OutcomeSubject.Listing);
        var registry = ScoringData.Registry(ScoringData.Brand("lumora", "Lumora", reference: ScoringData.Usd(500)));
        var facts = ScoringData.Listing("Lumora bag replica", brandId: "lumora", price: ScoringData.Usd(150), reports: ScoringData.NewBuyerReports(2));

        var before = ListingModel.Assess(facts, registry, Shipped, new PhraseSet(Shipped.Listing.CounterfeitTerms), ScoringData.Now);
        var features = PolicyFeatures.Values(OutcomeSubject.Listing, before.Factors, Shipped);
        var after = ListingModel.Assess(facts, registry, policy, new PhraseSet(policy.Listing.CounterfeitTerms), ScoringData.Now);

        Assert.Equal(after.Score, after.Factors.Sum(f => f.Points));
        foreach (var factor in after.Factors.Where(f => f.Code is not "score_cap" and not "score_floor"))
        {
            Assert.InRange(factor.Points, (weights[factor.Code].Final * features[factor.Code]) - 1.5, (weights[factor.Code].Final * features[factor.Code]) + 1.5);
        }
    }

    [Fact(DisplayName = "Fit: a handful of outcomes leaves the weights as they were; the output round-trips as a policy document with its version and note")]
    public void FewOutcomesKeepWeightsAndTheDocumentRoundTrips()
    {
        var (policy, reports) = PolicyFit.Fit(Synthetic(400, seed: 3).Take(15).ToList(), Shipped, "test-fit.3", new FitOptions());
        Assert.All(reports, r => Assert.NotNull(r.Skipped));
        Assert.Equal(Shipped.Listing.CounterfeitTermInTitle, policy.Listing.CounterfeitTermInTitle);

        var (fitted, fittedReports) = PolicyFit.Fit(Synthetic(400, seed: 5), Shipped, "2026.12-fit.test", new FitOptions());
        var document = PolicyDocument.Write(fitted, FitNote.Of(fittedReports, Shipped, new FitOptions(), "synthetic outcomes"));
        using (var json = System.Text.Json.JsonDocument.Parse(document))
        {
            var root = json.RootElement;
            Assert.Equal(["version", "note", "decisions", "bands", "listing", "seller", "enforcement"], root.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Contains("synthetic outcomes", root.GetProperty("note").GetString());
        }

        var read = PolicyDocument.Read(document);
        Assert.Equal("2026.12-fit.test", read.Version);
        Assert.Equal(fitted.Listing.CounterfeitTermInTitle, read.Listing.CounterfeitTermInTitle);
        Assert.Equal(fitted.Seller.IdentityVerifiedCredit, read.Seller.IdentityVerifiedCredit);
        Assert.Equal(fitted.Listing.CounterfeitTerms, read.Listing.CounterfeitTerms);
        Assert.Equal(document, PolicyDocument.Write(read, FitNote.Of(fittedReports, Shipped, new FitOptions(), "synthetic outcomes")));
    }

    [Fact(DisplayName = "Fit: the committed candidate policies/2026.12-fit.1.json reads as a policy with its version, non-negative risk weights and non-positive credits")]
    public void CommittedCandidateIsAValidPolicy()
    {
        var path = Path.Combine(Infrastructure.OpenApiTools.RepositoryRoot, "policies", "2026.12-fit.1.json");
        var policy = PolicyDocument.Read(File.ReadAllText(path));
        Assert.Equal("2026.12-fit.1", policy.Version);
        foreach (var feature in PolicyFeatures.Listing.Concat(PolicyFeatures.Seller))
        {
            var weight = feature.BaseWeight(policy);
            Assert.True(feature.Credit ? weight <= 0 : weight >= 0, $"{feature.Name}: {weight}");
        }

        Assert.True(policy.Decisions.Monitor < policy.Decisions.Review && policy.Decisions.Review < policy.Decisions.Restrict && policy.Decisions.Restrict < policy.Decisions.Suspend);
    }

    [Fact(DisplayName = "Fit: IpGuard:PolicyFile makes the silo score with the candidate document instead of IpGuard:Policy")]
    public void PolicyFileReplacesTheConfiguredPolicy()
    {
        var path = Path.Combine(Infrastructure.OpenApiTools.RepositoryRoot, "policies", "2026.12-fit.1.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IpGuard:Policy:Version"] = "configured",
            ["IpGuard:Policy:Listing:RestrictedUnauthorized"] = "77",
            [GrainServices.PolicyFileKey] = path,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddIpGuardGrainServices();
        using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredService<IOptions<RiskPolicy>>().Value;

        var document = PolicyDocument.Read(File.ReadAllText(path));
        Assert.Equal("2026.12-fit.1", policy.Version);
        Assert.Equal(document.Listing.RestrictedUnauthorized, policy.Listing.RestrictedUnauthorized);
        Assert.Equal(document.Seller.ConfirmedInfringement, policy.Seller.ConfirmedInfringement);
    }

    private static Dictionary<string, FeatureWeight> Weights(IReadOnlyList<FitReport> reports, OutcomeSubject subject) =>
        reports.Single(r => r.Subject == subject).Weights.ToDictionary(w => w.Name);

    /// <summary>
    /// Outcomes where counterfeit terms and confirmed infringements come with infringement, reports
    /// come as often with honest listings as with fakes, and a passed identity check with honest sellers.
    /// </summary>
    private static List<FitExample> Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<FitExample>(count * 2);
        for (var i = 0; i < count; i++)
        {
            var infringing = random.NextDouble() < 0.4;
            var listing = new Dictionary<string, double>(StringComparer.Ordinal);
            if (random.NextDouble() < (infringing ? 0.8 : 0.1))
            {
                listing["counterfeit_terms"] = 1;
            }

            if (random.NextDouble() < 0.5)
            {
                listing["reports"] = 1 + random.Next(3);
            }

            examples.Add(new FitExample(OutcomeSubject.Listing, infringing, listing));

            var seller = new Dictionary<string, double>(StringComparer.Ordinal);
            if (random.NextDouble() < (infringing ? 0.7 : 0.05))
            {
                seller["confirmed_infringements"] = 1;
            }

            if (random.NextDouble() < (infringing ? 0.1 : 0.8))
            {
                seller["verified_identity"] = 1;
            }

            examples.Add(new FitExample(OutcomeSubject.Seller, infringing, seller));
        }

        return examples;
    }
}
