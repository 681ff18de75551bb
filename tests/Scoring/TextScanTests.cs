using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

/// <summary>Whole-word phrase matching, with where each phrase occurs.</summary>
public sealed class TextScanTests
{
    private static readonly PhraseSet Phrases = new(["knock", "knock off", "super copy", "for use with", "fits"]);

    [Fact] // a phrase is found whether its first word is a phrase of its own or not, and repeated phrases are listed once
    public void Finds_single_and_longer_phrases()
    {
        Assert.Equal(["knock", "knock off", "super copy"], TextScan.FindPhrases("Knock, knock-off SUPER copy knock", Phrases));
        Assert.Empty(TextScan.FindPhrases("super knockoff copy", Phrases));
    }

    [Fact] // spans give every occurrence with its first word and length, for reading a phrase in its context
    public void Spans_locate_every_occurrence()
    {
        var words = TextScan.Words("Strap for use with Lumora, fits Lumora");

        Assert.Equal([new PhraseSpan("for use with", 1, 3), new PhraseSpan("fits", 5, 1)], TextScan.FindSpans(words, Phrases));
        Assert.True(new PhraseSpan("aaa", 2, 1).Within(new PhraseSpan("aaa batteries", 2, 2)));
        Assert.False(new PhraseSpan("aaa", 1, 1).Within(new PhraseSpan("aaa batteries", 2, 2)));
    }
}
