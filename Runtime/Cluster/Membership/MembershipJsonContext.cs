using System.Text.Json.Serialization;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>Source-generated System.Text.Json metadata for the stored member record (no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MemberRecordDocument))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext
{
}
