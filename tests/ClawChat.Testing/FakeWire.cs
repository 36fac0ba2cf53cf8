using System.Buffers;
using System.Text.Json;

namespace ClawChat.Testing;

/// <summary>What the fake model servers (<c>FakeOpenAiServer</c>, <c>FakeJsonRpcAgent</c>) share to put answers on the
/// wire: one JSON object per message, and answers cut into streamed pieces.</summary>
internal static class FakeWire
{
    /// <summary>One JSON object with the properties <paramref name="writeProperties"/> writes, optionally followed by
    /// <c>\n</c> (a line of newline-delimited JSON).</summary>
    public static byte[] Json(Action<Utf8JsonWriter> writeProperties, bool newline = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        if (newline)
        {
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Pieces of at most <paramref name="size"/> characters that never split a surrogate pair.</summary>
    public static List<string> Chunk(string text, int size)
    {
        var chunks = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(size, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length++;
            }

            chunks.Add(text.Substring(start, length));
            start += length;
        }

        return chunks;
    }
}
