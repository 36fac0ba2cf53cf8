using System.Text;
using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>
/// A dotted path into an event (the <c>key</c> of push conditions, DIGEST §15). Since spec v1.7 (MSC3873) a dot
/// only separates fields: a literal dot in a field name is written <c>\.</c> and a literal backslash <c>\\</c>;
/// a backslash before any other character is kept as it is. So <c>content.m\.relates_to.rel_type</c> is the
/// three fields <c>content</c>, <c>m.relates_to</c>, <c>rel_type</c>.
/// </summary>
internal sealed class EventPath
{
    private readonly string[] _segments;

    private EventPath(string key, string[] segments)
    {
        Key = key;
        _segments = segments;
    }

    /// <summary>The key as written in the rule.</summary>
    public string Key { get; }

    public IReadOnlyList<string> Segments => _segments;

    public static EventPath Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\' && i + 1 < key.Length && key[i + 1] is '.' or '\\')
            {
                current.Append(key[i + 1]);
                i++;
            }
            else if (c == '.')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return new EventPath(key, [.. segments]);
    }

    /// <summary>The value at this path, walking objects only; false when a field is missing or a parent is not an object.</summary>
    public bool TryResolve(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Key;
}
