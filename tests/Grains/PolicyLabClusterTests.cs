using System.Diagnostics;
using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

/// <summary>A two-silo cluster of its own: these tests change the active policy, which every grain of the cluster follows.</summary>
public sealed class PolicyLabClusterFixture : ClusterFixture
{
    protected override short Silos => 2;
}

[CollectionDefinition(Name)]
public sealed class PolicyLabClusterCollection : ICollectionFixture<PolicyLabClusterFixture>
{
    public const string Name = "policy-lab-cluster";
}

/// <summary>The policy lab across two silos: shadow without effect, activation everywhere within 5 s, rollback.</summary>
[Collection(PolicyLabClusterCollection.Name)]
public sealed class PolicyLabClusterTests(PolicyLabClusterFixture fixture)
{
    private static readonly string Shipped = new RiskPolicy().Version;

    private IPolicyRegistryGrain Registry => fixture.Grains.GetGrain<IPolicyRegistryGrain>(IPolicyRegistryGrain.Key);

    [Fact(DisplayName = "Policy lab (two silos): a shadow moves no decision; activation switches every answer within 5 s; activating the previous version rolls back")]
    public async Task ShadowActivateRollback()
    {
        Assert.Equal(Shipped, (await Registry.List()).Active);
        var candidate = $"cand-{Guid.NewGuid():N}";
        var stricter = new RiskPolicy { Version = candidate };
        stricter.Seller.Unverified = 30;
        var put = await Registry.Put(candidate, PolicyDocument.Serialize(stricter, "unverified counts more"), "unverified counts more");
        Assert.Equal(PolicyChangeOutcome.Created, put.Outcome);

        // New unverified sellers: 25 points (monitor) under the shipped policy, 45 (review) under the candidate.
        // The sellers must live on both silos. Orleans' default placement weighs each silo's load,
        // so one batch may all land on one: batches are added (at most 10) until both host some.
        var sellers = new List<string>();
        var hosts = 0;
        for (var batch = 0; batch < 10 && hosts < 2; batch++)
        {
            var added = Enumerable.Range(0, 30).Select(_ => Ids.New("seller")).ToList();
            sellers.AddRange(added);
            var before = await SendAsync(added);
            Assert.All(before, v => Assert.Equal((Shipped, Decision.Monitor), (v.PolicyVersion, v.Decision)));
            var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var ours = sellers.ToHashSet();
            hosts = statistics.Where(g => ours.Contains(g.GrainId.Key.ToString()!)).Select(g => g.SiloAddress).Distinct().Count();
        }

        Assert.Equal(2, hosts);

        Assert.Equal(PolicyChangeOutcome.Updated, (await Registry.Shadow(candidate)).Outcome);
        var shadowed = await UntilAsync(sellers, v => v.Shadow?.PolicyVersion == candidate, risk: true);
        Assert.All(shadowed, v =>
        {
            // The shadow's own opinion is there, and nothing the active policy decides has moved.
            Assert.Equal((candidate, 45, Decision.Review), (v.Shadow!.PolicyVersion, v.Shadow.Score, v.Shadow.Decision));
            Assert.Equal((Shipped, 25, Decision.Monitor), (v.PolicyVersion, v.Score, v.Decision));
        });
        await AssertReportAsync(candidate, sellers.Count);

        var activated = Stopwatch.StartNew();
        Assert.Equal(PolicyChangeOutcome.Updated, (await Registry.Activate(candidate)).Outcome);
        var after = await UntilAsync(sellers, v => v.PolicyVersion == candidate, risk: false);
        Assert.True(activated.Elapsed < TimeSpan.FromSeconds(5), $"answers switched after {activated.Elapsed}");
        Assert.All(after, v => Assert.Equal(Decision.Review, v.Decision));
        Assert.Null((await Registry.List()).Shadow);
        Assert.Equal(PolicyChangeOutcome.Immutable, (await Registry.Put(candidate, PolicyDocument.Serialize(stricter, null), null)).Outcome);

        var rolledBack = Stopwatch.StartNew();
        Assert.Equal(PolicyChangeOutcome.Updated, (await Registry.Activate(Shipped)).Outcome);
        var back = await UntilAsync(sellers, v => v.PolicyVersion == Shipped, risk: false);
        Assert.True(rolledBack.Elapsed < TimeSpan.FromSeconds(5), $"answers rolled back after {rolledBack.Elapsed}");
        Assert.All(back, v => Assert.Equal(25, v.Score));
        var list = await Registry.List();
        Assert.Equal(PolicyStatus.Retired, list.Items.Single(i => i.Version == candidate).Status);
        Assert.Equal(PolicyStatus.Active, list.Items.Single(i => i.Version == Shipped).Status);
    }

    private async Task<SellerRiskView[]> SendAsync(IEnumerable<string> sellers) =>
        (await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).Register(new SellerRegistration(Ids.New("ev"), null, "SE", null)))))
        .Select(ack => ack.Value!).ToArray();

    /// <summary>Sends each seller an event until every answer (or risk view) satisfies the condition; at most 10 s.</summary>
    private async Task<SellerRiskView[]> UntilAsync(List<string> sellers, Func<SellerRiskView, bool> done, bool risk)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answers = await SendAsync(sellers);
            if (risk)
            {
                answers = (await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).GetRisk()))).Select(v => v!).ToArray();
            }

            if (answers.All(done) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return answers;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The silos flush their tallies once a second: waits (at most 10 s) until the report has every seller.</summary>
    private async Task AssertReportAsync(string version, int sellers)
    {
        var report = fixture.Grains.GetGrain<IPolicyReportGrain>(version);
        var deadline = Stopwatch.StartNew();
        var current = await report.Get();
        while (current.Sellers.Compared < sellers && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            current = await report.Get();
        }

        Assert.Equal(sellers, current.Sellers.Compared);
        Assert.Equal(sellers, current.Sellers.Changed);
        Assert.Equal(sellers, current.Sellers.Transitions["monitor->review"]);
        Assert.Contains(current.Examples, e => e is { Kind: "seller", Active: "monitor", Shadow: "review", ShadowScore: 45 });
    }
}
