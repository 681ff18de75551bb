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
        var sellers = new List<string>();

        // The sellers must live on both silos. Orleans' default placement weighs each silo's load,
        // so a batch may all land on the less busy one: add batches until both host some.
        var hosts = 0;
        for (var batch = 0; batch < 10 && hosts < 2; batch++)
        {
            var added = Enumerable.Range(0, 40).Select(_ => Ids.New("seller")).ToList();
            await Task.WhenAll(added.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).Register(new SellerRegistration(Ids.New("ev"), null, "SE", null))));
            sellers.AddRange(added);
            var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var ours = sellers.ToHashSet();
            hosts = statistics.Where(g => ours.Contains(g.GrainId.Key.ToString()!)).Select(g => g.SiloAddress).Distinct().Count();
        }

        Assert.Equal(2, hosts);

        var seen = new HashSet<string>();
        var last = start;
        var deadline = DateTime.UtcNow.AddSeconds(20);
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

    [Fact(DisplayName = "Live feed: every listing status change is a listing event, whatever made it (a brand's removal, a moderator's restore), and a removal counts in the summary")]
    public async Task EveryStatusChangeReachesTheFeed()
    {
        var log = fixture.Grains.GetGrain<IFeedLogGrain>(IFeedLogGrain.Key);
        var start = (await log.WaitSince(long.MaxValue, 0, TimeSpan.Zero)).Head;
        var removalsBefore = (await log.GetSummary(10)).RemovalsLastHour;
        var (brand, listingId) = (Ids.New("brand"), Ids.New("listing"));
        var listing = fixture.Grains.Listing(listingId);
        await listing.Upsert(new ListingUpsert(Ids.New("ev"), Ids.New("seller"), brand, "Walnut desk lamp", null, new Money(40m, "USD"), 1, null, false, null));
        Assert.Equal(NoticeOutcome.Removed, await listing.ApplyNotice(brand, Ids.New("notice"), remove: true, takedown: true, "counterfeit"));
        await listing.Reinstate(Ids.New("case"), "moderator-1");

        var statuses = new List<FeedEvent>();
        var last = start;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (statuses.Count < 3 && DateTime.UtcNow < deadline)
        {
            var page = await log.WaitSince(last, 1000, TimeSpan.FromSeconds(1));
            statuses.AddRange(page.Events.Where(e => e.Kind == FeedKind.Listing && e.SubjectId == listingId));
            last = page.LastSeq;
        }

        Assert.Equal([ListingStatus.Active, ListingStatus.Removed, ListingStatus.Active], statuses.Select(e => e.Status));
        Assert.Equal(RemovedBy.Brand, statuses[1].RemovedBy);
        Assert.True((await log.GetSummary(10)).RemovalsLastHour > removalsBefore);
    }
}
