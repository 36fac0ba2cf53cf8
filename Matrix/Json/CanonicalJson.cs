using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Matrix.Json;

/// <summary>
/// Matrix canonical JSON (DIGEST §2; spec appendix "Canonical JSON"): UTF-8, no insignificant
/// whitespace, object keys sorted by code point, integers only within [-(2^53)+1, 2^53-1] written
/// without exponent/fraction/minus zero, strings with only the mandatory escapes. Every hash and
/// signature in Matrix is computed over these bytes, so this must be byte-exact.
/// </summary>
public static partial class CanonicalJson
{
    /// <summary>2^53 - 1, the largest integer canonical JSON allows.</summary>
    public const long MaxSafeInteger = 9007199254740991;

    /// <summary>-(2^53) + 1, the smallest integer canonical JSON allows.</summary>
    public const long MinSafeInteger = -9007199254740991;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = CanonicalJsonEncoder.Instance,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>Encodes a parsed JSON value; throws <see cref="CanonicalJsonException"/> when it is not representable.</summary>
    public static byte[] Encode(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteElement(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a JSON node tree (a null node is the JSON literal <c>null</c>).</summary>
    public static byte[] Encode(JsonNode? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteNode(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses UTF-8 JSON text and re-encodes it canonically.</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        JsonElement element;
        try
        {
            element = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new CanonicalJsonException("The input is not valid JSON.", ex);
        }

        return Encode(element);
    }

    /// <summary>Parses JSON text and returns the canonical form as a string.</summary>
    public static string Canonicalize(string json) => Encoding.UTF8.GetString(Canonicalize(Encoding.UTF8.GetBytes(json)));

    public static string EncodeToString(JsonElement value) => Encoding.UTF8.GetString(Encode(value));

    public static string EncodeToString(JsonNode? value) => Encoding.UTF8.GetString(Encode(value));

    /// <summary>Writes <paramref name="value"/> canonically into a writer created with canonical options.</summary>
    private static void WriteElement(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, value);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteElement(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                WriteString(writer, value.GetString()!);
                break;
            case JsonValueKind.Number:
                writer.WriteNumberValue(ToCanonicalInteger(value));
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new CanonicalJsonException($"Cannot encode a JSON value of kind {value.ValueKind}.");
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value)
    {
        var properties = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in value.EnumerateObject())
        {
            properties.Add(new KeyValuePair<string, JsonElement>(property.Name, property.Value));
        }

        properties.Sort(static (a, b) => CodePointComparer.Instance.Compare(a.Key, b.Key));
        writer.WriteStartObject();
        for (var i = 0; i < properties.Count; i++)
        {
            // JsonElement keeps duplicate keys; canonical JSON has no defined form for them.
            if (i > 0 && string.Equals(properties[i - 1].Key, properties[i].Key, StringComparison.Ordinal))
            {
                throw new CanonicalJsonException($"Duplicate object key '{properties[i].Key}'.");
            }

            WritePropertyName(writer, properties[i].Key);
            WriteElement(writer, properties[i].Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                var keys = new List<string>(obj.Count);
                foreach (var property in obj)
                {
                    keys.Add(property.Key);
                }

                keys.Sort(CodePointComparer.Instance);
                writer.WriteStartObject();
                foreach (var key in keys)
                {
                    WritePropertyName(writer, key);
                    WriteNode(writer, obj[key]);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue leaf:
                WriteLeaf(writer, leaf);
                break;
            default:
                throw new CanonicalJsonException($"Unsupported JSON node type {value.GetType().Name}.");
        }
    }

    private static void WriteLeaf(Utf8JsonWriter writer, JsonValue leaf)
    {
        if (leaf.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(writer, element);
        }
        else if (leaf.TryGetValue<string>(out var text))
        {
            WriteString(writer, text);
        }
        else if (leaf.TryGetValue<bool>(out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (leaf.TryGetValue<long>(out var number))
        {
            writer.WriteNumberValue(CheckRange(number));
        }
        else if (leaf.TryGetValue<int>(out var small))
        {
            writer.WriteNumberValue(small);
        }
        else
        {
            // Any other CLR value (double, decimal, ulong, char…): go through its JSON text so the
            // same number rules apply as for parsed input.
            using var document = JsonDocument.Parse(leaf.ToJsonString());
            WriteElement(writer, document.RootElement);
        }
    }

    private static void WritePropertyName(Utf8JsonWriter writer, string name)
    {
        try
        {
            writer.WritePropertyName(name);
        }
        catch (ArgumentException ex)
        {
            throw new CanonicalJsonException("An object key is not valid Unicode.", ex);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, string value)
    {
        try
        {
            writer.WriteStringValue(value);
        }
        catch (ArgumentException ex)
        {
            throw new CanonicalJsonException("A string value is not valid Unicode.", ex);
        }
    }
}
