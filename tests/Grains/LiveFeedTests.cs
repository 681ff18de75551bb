using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

[Collection(TwoSiloClusterCollection.Name)]
public sealed class LiveFeedTests(TwoSiloClusterFixture fixture)
{
    [Fact(DisplayName = "Live feed: changes made on both silos reach the one feed log, in one sequence, with the decision counts")]
    public async Task ChangesFromEverySiloReachTheFeed()
    {
        var log = fixture.Grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key);
        var start = (await log.WaitSince(long.MaxValue, 0, TimeSpan.Zero)).Head;
        var sellers = Enumerable.Range(0, 40).Select(_ => Ids.New("seller")).ToList();
        await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).Register(new SellerRegistration(Ids.New("ev"), null, "SE", null))));

        // Random placement over two silos: the sellers live on both.
        var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var ours = sellers.ToHashSet();
        var hosts = statistics.Where(g => ours.Contains(g.GrainId.Key.ToString()!)).Select(g => g.SiloAddress).Distinct().Count();
        Assert.Equal(2, hosts);

        var seen = new HashSet<string>();
        var last = start;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (seen.Count < sellers.Count && DateTime.UtcNow < deadline)
        {
            var page = await log.WaitSince(last, 1000, TimeSpan.FromSeconds(1));
            Assert.All(page.Events.Zip(page.Events.Skip(1)), p => Assert.Equal(p.First.Seq + 1, p.Second.Seq));
            foreach (var change in page.Events.Where(e => e.Kind == FeedKind.Risk))
            {
                seen.Add(change.SubjectId);
            }

            last = page.LastSeq;
        }

        Assert.Superset(sellers.ToHashSet(), seen);
        var summary = await log.GetSummary(10);
        Assert.True(summary.Decisions.Values.Sum() >= sellers.Count);
    }
}
