namespace IpGuard.Grains.Scoring;

/// <summary>
/// The phrase set of a policy's word list, built once per list instance: a policy is read on
/// every rescore, and configuration changes bring a new list (and a new policy).
/// </summary>
internal sealed class PhraseCache
{
    private Entry? _entry;

    public PhraseSet Get(string[] source)
    {
        var entry = _entry;
        if (entry is null || !ReferenceEquals(entry.Source, source))
        {
            // Two threads may both build; either result is the same set, and the swap is one reference.
            entry = new Entry(source, new PhraseSet(source));
            _entry = entry;
        }

        return entry.Set;
    }

    private sealed record Entry(string[] Source, PhraseSet Set);
}
