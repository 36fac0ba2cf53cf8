using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>
/// The spec's glob matching (appendices "glob-style matching"): <c>*</c> matches any run of characters,
/// <c>?</c> exactly one, everything else itself, case-insensitively. Normally the whole value must match; for
/// <c>content.body</c> (and <c>contains_display_name</c>) the pattern may match anywhere as long as it sits on
/// word boundaries, where a word boundary is the start or end of the value or any character outside
/// <c>[A-Za-z0-9_]</c> (DIGEST §15).
/// </summary>
/// <remarks>Patterns come from users, so wildcard patterns run on the non-backtracking regex engine (linear in
/// the input, no catastrophic backtracking on <c>*a*a*a*…</c>); literal patterns, the common case (keywords,
/// display names, event types), skip regexes altogether. Compiled patterns are shared by all users through a
/// bounded cache.</remarks>
internal sealed class GlobPattern
{
    private const int CacheLimit = 4096;
    private const string WordCharacters = "A-Za-z0-9_";

    private static readonly ConcurrentDictionary<(string Pattern, bool WordBoundary), GlobPattern> Cache = new();

    private readonly string _pattern;
    private readonly bool _wordBoundary;
    private readonly Regex? _regex;

    private GlobPattern(string pattern, bool wordBoundary)
    {
        _pattern = pattern;
        _wordBoundary = wordBoundary;
        if (pattern.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            _regex = new Regex(ToRegex(pattern, wordBoundary), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
        }
    }

    public static GlobPattern Get(string pattern, bool wordBoundary)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Cache.TryGetValue((pattern, wordBoundary), out var cached))
        {
            return cached;
        }

        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd((pattern, wordBoundary), static key => new GlobPattern(key.Pattern, key.WordBoundary));
    }

    public bool IsMatch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_regex is not null)
        {
            return _regex.IsMatch(value);
        }

        return _wordBoundary
            ? ContainsWord(value, _pattern)
            : string.Equals(value, _pattern, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="word"/> occurs in <paramref name="value"/> (case-insensitively) with a word
    /// boundary on both sides; <paramref name="word"/> is literal (no wildcards).</summary>
    public static bool ContainsWord(string value, string word)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length == 0)
        {
            return false;
        }

        var start = 0;
        while (start <= value.Length - word.Length)
        {
            var index = value.IndexOf(word, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return false;
            }

            var end = index + word.Length;
            if ((index == 0 || !IsWordCharacter(value[index - 1])) && (end == value.Length || !IsWordCharacter(value[end])))
            {
                return true;
            }

            start = index + 1;
        }

        return false;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string ToRegex(string pattern, bool wordBoundary)
    {
        var body = new StringBuilder(pattern.Length * 2);
        foreach (var c in pattern)
        {
            body.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return wordBoundary
            ? $"(?:\\A|[^{WordCharacters}])(?:{body})(?:[^{WordCharacters}]|\\z)"
            : $"\\A(?:{body})\\z";
    }
}
