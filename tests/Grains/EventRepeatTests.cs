using IpGuard.GrainInterfaces;
using IpGuard.Grains;

namespace IpGuard.Tests.Grains;

public sealed class EventRepeatTests
{
    [Fact(DisplayName = "Idempotency: a new eventId is no repeat; the same id and payload is a duplicate with the kept answer")]
    public void SamePayloadIsADuplicate()
    {
        var window = new EventWindow();
        Assert.Null(window.Check("e1", 7));

        window.Add("e1", 7, "answer-1");

        var repeat = window.Check("e1", 7);
        Assert.NotNull(repeat);
        Assert.False(repeat.Value.IsConflict);
        Assert.Equal("answer-1", repeat.Value.KeptAs<string>());
    }

    [Fact(DisplayName = "Idempotency: the same eventId with another payload is a 409 with the problem every grain gives")]
    public void OtherPayloadIsAConflict()
    {
        var window = new EventWindow();
        window.Add("e1", 7, "answer-1");

        var repeat = window.Check("e1", 8)!.Value;
        var ack = repeat.Conflict<string>();

        Assert.True(repeat.IsConflict);
        Assert.Equal(AckStatus.Conflict, ack.Status);
        Assert.Null(ack.Value);
        Assert.Equal("eventId 'e1' was already used with a different body", ack.Problem);
    }

    [Fact(DisplayName = "Idempotency: a kept answer of another type is not returned as this one")]
    public void KeptAnswerOfAnotherTypeIsNone()
    {
        var window = new EventWindow();
        window.Add("e1", 7, "case-1");

        Assert.Null(window.Check("e1", 7)!.Value.KeptAs<CaseView>());
    }

    [Fact(DisplayName = "Once keys: a case decision is marked once, and marking takes no kept answer's place")]
    public void MarksKeepTheKeptAnswers()
    {
        var window = new EventWindow();
        for (var i = 0; i < EventWindow.ResultCapacity; i++)
        {
            window.Add($"e{i}", (ulong)i, $"r{i}");
        }

        Assert.False(window.IsMarked(OnceKeys.CaseDecided("case-1")));
        window.Mark(OnceKeys.CaseDecided("case-1"));

        Assert.True(window.IsMarked(OnceKeys.CaseDecided("case-1")));
        Assert.False(window.IsMarked(OnceKeys.CaseDecided("case-10")));
        for (var i = 0; i < EventWindow.ResultCapacity; i++)
        {
            Assert.Equal($"r{i}", window.Check($"e{i}", (ulong)i)!.Value.KeptAs<string>());
        }

        Assert.Equal($"r{EventWindow.ResultCapacity - 1}", window.LastAnswer);
    }

    [Fact(DisplayName = "Once keys: no eventId a client may send names a case decision")]
    public void OnceKeysNeverMatchAClientEventId()
    {
        var window = new EventWindow();
        window.Add("case:case-1", 1, null);

        Assert.False(window.IsMarked(OnceKeys.CaseDecided("case-1")));
        Assert.Contains(' ', OnceKeys.CaseDecided("x"));
    }

    [Fact(DisplayName = "Applied once: a retried effect is ignored, and only the oldest keys beyond the bound are forgotten")]
    public void AppliedOnceIgnoresRetries()
    {
        List<string> applied = [];

        Assert.True(AppliedOnce.TryAdd(applied, "case-1", capacity: 2));
        Assert.False(AppliedOnce.TryAdd(applied, "case-1", capacity: 2));
        Assert.True(AppliedOnce.TryAdd(applied, "case-2", capacity: 2));
        Assert.True(AppliedOnce.TryAdd(applied, "case-3", capacity: 2));

        Assert.Equal(["case-2", "case-3"], applied);
        Assert.False(AppliedOnce.Contains(null, "case-2"));
        Assert.True(AppliedOnce.Contains(applied, "case-2"));
    }
}
