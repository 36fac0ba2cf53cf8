using System.Buffers;
using System.Text.Json;

namespace ClawChat.Grains.Rooms;

/// <summary>Builds a <see cref="JsonElement"/> with a <see cref="Utf8JsonWriter"/> (no intermediate DOM).</summary>
internal static class JsonElementBuilder
{
    public static JsonElement Build(Action<Utf8JsonWriter> write, int initialCapacity = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(initialCapacity);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
