using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace IpGuard.Tests.Grains;

public sealed class EventWindowTests
{
    [Fact(DisplayName = "Event window: the last 1,000 ids are remembered, the last 4 with their results")]
    public void RemembersTheLastThousand()
    {
        var window = new EventWindow();
        for (var i = 0; i < EventWindow.Capacity + 5; i++)
        {
            window.Add($"e{i}", (ulong)i, $"r{i}");
        }

        Assert.Equal(new EventSeen(1004, "r1004"), window.Find("e1004"));
        Assert.Equal(new EventSeen(1001, "r1001"), window.Find("e1001"));
        Assert.Equal(new EventSeen(1000, null), window.Find("e1000"));
        Assert.Equal(new EventSeen(5, null), window.Find("e5"));
        Assert.Null(window.Find("e4"));
        Assert.Null(window.Find("never-sent"));
        Assert.Equal("r1004", window.LastAnswer);
    }

    [Fact(DisplayName = "Event window: a window stored before the compact form is still recognised, and folded in on the next event")]
    public void FoldsTheFormerWindow()
    {
        var window = new EventWindow
        {
            Entries =
            [
                new EventEntry { EventId = "old-0", Hash = 10 },
                new EventEntry { EventId = "old-1", Hash = 11, Answer = "a1" },
            ],
        };
        Assert.Equal(new EventSeen(11, "a1"), window.Find("old-1"));

        window.Add("new-2", 12, "a2");

        Assert.Null(window.Entries);
        Assert.Equal(new EventSeen(10, null), window.Find("old-0"));
        Assert.Equal(new EventSeen(11, "a1"), window.Find("old-1"));
        Assert.Equal(new EventSeen(12, "a2"), window.Find("new-2"));
    }

    [Fact(DisplayName = "Event window: both forms come back whole through Orleans' serializer, the storage format")]
    public void SurvivesSerialization()
    {
        using var services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(EventWindow).Assembly).AddAssembly(typeof(Factor).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var outcome = new ListingOutcome(ListingStatus.Flagged, 61, Band.High, [new Factor("counterfeit_terms", 40, "title says 'replica'")]);

        var former = new EventWindow { Entries = [new EventEntry { EventId = "old-0", Hash = 10, Answer = outcome }] };
        var formerBack = serializer.Deserialize<EventWindow>(serializer.SerializeToArray(former))!;
        Assert.Equal(10UL, formerBack.Find("old-0")!.Value.Hash);
        Assert.Equal(outcome.Factors, ((ListingOutcome)formerBack.Find("old-0")!.Value.Answer!).Factors);

        var compact = new EventWindow();
        compact.Add("e0", 1, null);
        compact.Add("e1", 2, outcome);
        var back = serializer.Deserialize<EventWindow>(serializer.SerializeToArray(compact))!;
        Assert.Equal(new EventSeen(1, null), back.Find("e0"));
        var answer = Assert.IsType<ListingOutcome>(back.Find("e1")!.Value.Answer);
        Assert.Equal((outcome.Status, outcome.Score, outcome.Band), (answer.Status, answer.Score, answer.Band));
        Assert.Equal(outcome.Factors, answer.Factors);
        Assert.Null(back.Find("e2"));
    }
}
