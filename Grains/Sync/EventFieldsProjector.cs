using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Grains.Sync;

/// <summary>
/// <c>event_fields</c> of a filter (DIGEST §7, spec sync_filter.yaml): keep only the listed dotted paths of each
/// event; <c>\.</c> is a literal dot inside a key, and a path that does not exist is skipped.
/// </summary>
internal static class EventFieldsProjector
{
    public static IReadOnlyList<string[]> Compile(IReadOnlyList<string> fields) => [.. fields.Select(Split)];

    public static JsonElement Project(JsonElement source, IReadOnlyList<string[]> paths)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            return source;
        }

        var result = new JsonObject();
        foreach (var path in paths)
        {
            var value = source;
            var found = true;
            foreach (var key in path)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(key, out value))
                {
                    found = false;
                    break;
                }
            }

            if (!found)
            {
                continue;
            }

            var target = result;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (target[path[i]] is not JsonObject child)
                {
                    child = new JsonObject();
                    target[path[i]] = child;
                }

                target = child;
            }

            target[path[^1]] = JsonNode.Parse(value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(result);
    }

    private static string[] Split(string field)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 1 < field.Length && field[i + 1] == '.')
            {
                current.Append('.');
                i++;
            }
            else if (field[i] == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(field[i]);
            }
        }

        parts.Add(current.ToString());
        return [.. parts];
    }
}
