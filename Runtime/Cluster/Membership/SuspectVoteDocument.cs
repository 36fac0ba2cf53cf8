using System.Text.Json.Serialization;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>One death vote inside a stored member record: <c>{ "by": siloId, "at": redisMs }</c>.</summary>
internal sealed class SuspectVoteDocument
{
    [JsonPropertyName("by")]
    public string By { get; set; } = string.Empty;

    [JsonPropertyName("at")]
    public long At { get; set; }
}
