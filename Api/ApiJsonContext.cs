using System.Text.Json.Serialization;
using ClawChat.Api.ClientServer;
using ClawChat.Api.Health;

namespace ClawChat.Api;

/// <summary>Source-generated JSON metadata for the Api's response types.</summary>
[JsonSerializable(typeof(VersionsResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
