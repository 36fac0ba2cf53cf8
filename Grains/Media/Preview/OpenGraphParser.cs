using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClawChat.Grains.Media.Preview;

/// <summary>Pulls OpenGraph data out of HTML: every <c>og:*</c> meta tag, with <c>&lt;title&gt;</c> and the
/// description meta tag as fallbacks. A scan with bounded regular expressions, not a DOM: previews only need
/// a few head tags, and the input is hostile (size-capped by the caller, matches time-limited here).
/// Image properties are dropped: the spec wants <c>og:image</c> as an mxc URI, and images are not fetched.</summary>
internal static partial class OpenGraphParser
{
    private const int MaxProperties = 32;
    private const int MaxValueLength = 1000;

    public static JsonObject Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var result = new JsonObject();
        try
        {
            foreach (Match tag in MetaTag().Matches(html))
            {
                if (result.Count >= MaxProperties)
                {
                    break;
                }

                var attributes = ReadAttributes(tag.Value);
                var key = attributes.GetValueOrDefault("property") ?? attributes.GetValueOrDefault("name");
                var content = attributes.GetValueOrDefault("content");
                if (key is null || content is null)
                {
                    continue;
                }

                key = key.Trim().ToLowerInvariant();
                if (key.StartsWith("og:", StringComparison.Ordinal) && !key.StartsWith("og:image", StringComparison.Ordinal) && !result.ContainsKey(key))
                {
                    result[key] = Clean(content);
                }
                else if (key == "description" && !result.ContainsKey("og:description"))
                {
                    result["og:description"] = Clean(content);
                }
            }

            if (!result.ContainsKey("og:title") && Title().Match(html) is { Success: true } title)
            {
                result["og:title"] = Clean(title.Groups["title"].Value);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological page: whatever was found so far is the preview.
        }

        return result;
    }

    private static Dictionary<string, string> ReadAttributes(string tag)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in Attribute().Matches(tag))
        {
            var value = attribute.Groups["dq"].Success ? attribute.Groups["dq"].Value
                : attribute.Groups["sq"].Success ? attribute.Groups["sq"].Value
                : attribute.Groups["bare"].Value;
            attributes.TryAdd(attribute.Groups["name"].Value, value);
        }

        return attributes;
    }

    private static string Clean(string value)
    {
        var decoded = WebUtility.HtmlDecode(value).Trim();
        return decoded.Length > MaxValueLength ? decoded[..MaxValueLength] : decoded;
    }

    [GeneratedRegex(@"<meta\s[^>]{0,2000}>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"(?<name>[a-zA-Z:_-]{1,64})\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s""'>]+))", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<title[^>]{0,200}>(?<title>[^<]{0,2000})</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Title();
}
