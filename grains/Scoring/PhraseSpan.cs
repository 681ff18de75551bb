namespace IpGuard.Grains.Scoring;

/// <summary>A phrase found in a text's words: the normalized phrase, its first word's index and its word count.</summary>
public readonly record struct PhraseSpan(string Phrase, int Start, int Length)
{
    public int End => Start + Length;

    /// <summary>Whether this occurrence lies wholly inside the other one.</summary>
    public bool Within(PhraseSpan other) => Start >= other.Start && End <= other.End;
}
