using System.Text.Json.Serialization;

namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>Source-generated JSON for what the transport itself writes into bodies (error responses). Property
/// names stay as declared, matching the reflection-based serializer the router uses for the same record.</summary>
[JsonSerializable(typeof(RemoteExceptionInfo))]
internal sealed partial class TransportJsonContext : JsonSerializerContext
{
}
