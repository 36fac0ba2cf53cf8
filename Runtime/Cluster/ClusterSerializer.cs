using System.Text.Json;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Cluster;

/// <summary>JSON for request and result bodies between silos (brief C7: System.Text.Json; Matrix payloads are
/// JSON already). Reflection-based metadata is built once per type and cached by the options instance; grain
/// references are written as ids and read back as proxies of the receiving silo.</summary>
internal sealed class ClusterSerializer(IGrainCallInvoker invoker)
{
    public JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        IncludeFields = false,
        MaxDepth = 128,
        Converters = { new GrainReferenceConverterFactory(invoker) },
    };

    public byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    public object? Deserialize(ReadOnlySpan<byte> json, Type type) => JsonSerializer.Deserialize(json, type, Options);

    public T? Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, Options);
}
