using System.Globalization;

namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary>The word splitting shared by the search endpoint (search terms, <c>highlights</c>) and the rooms
/// (event text): maximal runs of letters and digits, lower-cased with the invariant culture.</summary>
public static class SearchTerms
{
    /// <summary>Most terms one search uses; the rest of a very long search term is ignored.</summary>
    public const int MaxTerms = 16;

    public static List<string> Tokenize(string? text, int max = int.MaxValue)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var start = -1;
        for (var i = 0; i <= text.Length && words.Count < max; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                words.Add(text[start..i].ToLower(CultureInfo.InvariantCulture));
                start = -1;
            }
        }

        return words;
    }
}
