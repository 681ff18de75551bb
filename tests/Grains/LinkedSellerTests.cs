using System.Diagnostics;
using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class LinkedSellerTests(ClusterFixture fixture)
{
    [Fact(DisplayName = "Linked sellers suspended at the same moment tell each other without waiting on each other (no 30 s call timeout)")]
    public async Task SimultaneousSuspensionsDoNotDeadlock()
    {
        var device = Ids.New("device");
        var sellers = Enumerable.Range(0, 4).Select(_ => Ids.New("seller")).ToList();
        foreach (var sellerId in sellers)
        {
            await fixture.Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), null, "NL", new Fingerprints(null, device, null, null)));
        }

        var clock = Stopwatch.StartNew();
        var until = fixture.Time.GetUtcNow().AddDays(1);
        await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).SetOverride(Decision.Suspend, "linked ring", until, "test")));

        // Every seller is linked to the other, suspended ones; and a write to each still answers at once.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var risks = await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).GetRisk()));
            if (risks.All(r => r!.Factors.Any(f => f.Code == "linked_to_enforced")))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "linked_to_enforced did not reach every seller within 10 s");
            await Task.Delay(50);
        }

        await Task.WhenAll(sellers.Select(s => fixture.Grains.GetGrain<ISellerGrain>(s).RecordVerification(new VerificationResult(Ids.New("ev"), VerificationCheck.Address, VerificationOutcome.Passed, null))));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact(DisplayName = "A suspend override that expires lifts linked_to_enforced from linked sellers on time, without another change to the seller")]
    public async Task ExpiredSuspensionReleasesLinkedSellers()
    {
        var device = Ids.New("device");
        var suspended = Ids.New("seller");
        var linked = Ids.New("seller");
        foreach (var sellerId in new[] { suspended, linked })
        {
            await fixture.Grains.GetGrain<ISellerGrain>(sellerId).Register(new SellerRegistration(Ids.New("ev"), null, "BE", new Fingerprints(null, device, null, null)));
        }

        await fixture.Grains.GetGrain<ISellerGrain>(suspended).SetOverride(Decision.Suspend, "ring leader", fixture.Time.GetUtcNow().AddSeconds(1), "test");
        await Until(async () => (await fixture.Grains.GetGrain<ISellerGrain>(linked).GetRisk())!.Factors.Any(f => f.Code == "linked_to_enforced"), "linked_to_enforced after the suspension");

        fixture.Time.Advance(TimeSpan.FromSeconds(2));

        await Until(async () => !(await fixture.Grains.GetGrain<ISellerGrain>(linked).GetRisk())!.Factors.Any(f => f.Code == "linked_to_enforced"), "linked_to_enforced lifted after the expiry");
        await Until(async () => (await fixture.Grains.GetGrain<ISellerGrain>(suspended).GetDossierFacts())!.Timeline.Any(t => t.Kind == "override_expired"), "override_expired in the suspended seller's timeline");
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within 10 s: {what}");
            await Task.Delay(50);
        }
    }
}
