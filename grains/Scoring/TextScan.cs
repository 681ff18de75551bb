using System.Text;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Word-level text matching: lower case, every character that is not a letter, a digit or ':'
/// becomes a space, so "Mirror-Quality" matches "mirror quality" and "1:1" stays one word.
/// </summary>
public static class TextScan
{
    /// <summary>The normalized words of a text.</summary>
    public static string[] Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The normalized form: lower-case words joined by single spaces.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == ':')
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        if (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    /// <summary>The phrases (normalized) that occur as whole words in the text.</summary>
    public static List<string> FindPhrases(string? text, PhraseSet phrases)
    {
        var found = new List<string>();
        var words = Words(text);
        for (var i = 0; i < words.Length; i++)
        {
            var longest = phrases.StartsLongerPhrase(words[i]) ? phrases.MaxWords : 1;
            for (var n = 1; n <= longest && i + n <= words.Length; n++)
            {
                var candidate = n == 1 ? words[i] : string.Join(' ', words, i, n);
                if (phrases.Contains(candidate) && !found.Contains(candidate))
                {
                    found.Add(candidate);
                }
            }
        }

        return found;
    }

    /// <summary>Every whole-word occurrence of a phrase in the words, with where it starts: for reading a phrase in its context.</summary>
    public static List<PhraseSpan> FindSpans(string[] words, PhraseSet phrases)
    {
        var found = new List<PhraseSpan>();
        for (var i = 0; i < words.Length; i++)
        {
            var longest = phrases.StartsLongerPhrase(words[i]) ? phrases.MaxWords : 1;
            for (var n = 1; n <= longest && i + n <= words.Length; n++)
            {
                var candidate = n == 1 ? words[i] : string.Join(' ', words, i, n);
                if (phrases.Contains(candidate))
                {
                    found.Add(new PhraseSpan(candidate, i, n));
                }
            }
        }

        return found;
    }
}

/// <summary>A set of normalized phrases with the longest phrase's word count.</summary>
public sealed class PhraseSet
{
    private readonly HashSet<string> _phrases = new(StringComparer.Ordinal);

    // First words of the phrases of two words or more: a scan joins words into longer candidates
    // only where one of these starts, instead of at every word.
    private readonly HashSet<string> _firstWords = new(StringComparer.Ordinal);

    public PhraseSet(IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases)
        {
            var normalized = TextScan.Normalize(phrase);
            if (normalized.Length == 0)
            {
                continue;
            }

            _phrases.Add(normalized);
            var space = normalized.IndexOf(' ');
            if (space > 0)
            {
                _firstWords.Add(normalized[..space]);
            }

            MaxWords = Math.Max(MaxWords, normalized.Count(c => c == ' ') + 1);
        }
    }

    public int MaxWords { get; }

    public bool Contains(string normalized) => _phrases.Contains(normalized);

    /// <summary>Whether some phrase of two words or more starts with this word.</summary>
    public bool StartsLongerPhrase(string word) => _firstWords.Contains(word);
}
