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
        // As the former window left them: results on the newest four only.
        var window = new EventWindow
        {
            Entries = [.. Enumerable.Range(0, 10).Select(i => new EventEntry { EventId = $"old-{i}", Hash = (ulong)i, Answer = i >= 6 ? $"a{i}" : null })],
        };
        Assert.Equal(new EventSeen(7, "a7"), window.Find("old-7"));

        window.Add("new-10", 10, "a10");

        Assert.Null(window.Entries);
        Assert.Equal(new EventSeen(0, null), window.Find("old-0"));
        Assert.Equal(new EventSeen(6, null), window.Find("old-6"));
        Assert.Equal(new EventSeen(7, "a7"), window.Find("old-7"));
        Assert.Equal(new EventSeen(9, "a9"), window.Find("old-9"));
        Assert.Equal(new EventSeen(10, "a10"), window.Find("new-10"));
    }

    [Fact(DisplayName = "Event window: a full window read back from storage stays at its size as events go on")]
    public void KeepsItsSizeAfterAReload()
    {
        var window = new EventWindow();
        for (var i = 0; i < EventWindow.Capacity; i++)
        {
            window.Add($"e{i}", (ulong)i, null);
        }

        var serializer = Serializer();
        var back = serializer.Deserialize<EventWindow>(serializer.SerializeToArray(window))!;
        back.Add("next", 1, null);

        Assert.Equal(2 * EventWindow.Capacity, back.Hashes!.Capacity);
        Assert.Null(back.Find("e0"));
        Assert.NotNull(back.Find("e1"));
    }

    [Fact(DisplayName = "Event window: both forms come back whole through Orleans' serializer, the storage format")]
    public void SurvivesSerialization()
    {
        var serializer = Serializer();
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

    [Fact(DisplayName = "Listing state: a build from before reads this one's state with its collections empty, never null")]
    public void FormerBuildReadsTheNewState()
    {
        var state = new ListingState { SellerId = "s-1", Title = "Plain tote", Price = new Money(30m, "USD") };
        state.Events.Add("e-1", 1, null);

        var serializer = Serializer();
        var former = serializer.Deserialize<FormerListingState>(serializer.SerializeToArray(state))!;

        // The former build calls ContainsKey, Count and Add on these without a null check.
        Assert.NotNull(former.Reports);
        Assert.NotNull(former.PendingReporters);
        Assert.NotNull(former.Notices);
        Assert.NotNull(former.ScanFailures);
        Assert.NotNull(former.DecidedCases);
        Assert.NotNull(former.Events.Entries);
    }

    [Fact(DisplayName = "Listing state: a state a build from before wrote reads back, its empty collections let go and its window kept")]
    public void ReadsTheFormerState()
    {
        var stored = new FormerListingState { Events = { Entries = [new EventEntry { EventId = "e-1", Hash = 7, Answer = "a1" }] } };
        stored.Notices["brand-1"] = new ListingNoticeEntry("n-1", "counterfeit", false, DateTimeOffset.UnixEpoch, false);

        var serializer = Serializer();
        var state = serializer.Deserialize<ListingState>(serializer.SerializeToArray(stored))!;
        Assert.NotNull(state.Reports);
        state.DropEmptyCollections();

        Assert.Null(state.Reports);
        Assert.Null(state.PendingReporters);
        Assert.Null(state.ScanFailures);
        Assert.Null(state.DecidedCases);
        Assert.Equal("n-1", Assert.Single(state.Notices!).Value.NoticeId);
        Assert.Equal(new EventSeen(7, "a1"), state.Events.Find("e-1"));
    }

    private static Serializer Serializer() => new ServiceCollection()
        .AddSerializer(serializer => serializer
            .AddAssembly(typeof(EventWindow).Assembly)
            .AddAssembly(typeof(Factor).Assembly)
            .AddAssembly(typeof(EventWindowTests).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();
}

/// <summary>The event window as builds before the hashed form declared it.</summary>
[GenerateSerializer, Alias("ipguard.test.FormerEventWindow")]
internal sealed class FormerEventWindow
{
    [Id(0)] public List<EventEntry> Entries { get; set; } = [];
}

/// <summary>The collections of a listing's state as builds before declared them: started empty, never null.</summary>
[GenerateSerializer, Alias("ipguard.test.FormerListingState")]
internal sealed class FormerListingState
{
    [Id(13)] public Dictionary<string, ListingReportEntry> Reports { get; set; } = new(StringComparer.Ordinal);
    [Id(19)] public FormerEventWindow Events { get; set; } = new();
    [Id(24)] public List<ListingReporter> PendingReporters { get; set; } = [];
    [Id(25)] public Dictionary<string, ListingNoticeEntry> Notices { get; set; } = new(StringComparer.Ordinal);
    [Id(26)] public Dictionary<string, ScanView> ScanFailures { get; set; } = new(StringComparer.Ordinal);
    [Id(33)] public List<string> DecidedCases { get; set; } = [];
}
