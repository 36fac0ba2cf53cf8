using System.Text.Json.Serialization;

namespace ClawChat.Runtime.Cluster.Membership;

/// <summary>The member record as stored in <c>mx:{c}:members</c> (brief C4 record format). The Lua
/// scripts edit it with cjson, which drops empty arrays (cjson would write <c>{}</c>), so a missing
/// <c>suspects</c> means "no votes". Times are Redis server ms.</summary>
internal sealed class MemberRecordDocument
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>Machine name, diagnostics only (not part of <see cref="MemberRecord"/>).</summary>
    [JsonPropertyName("host")]
    public string? Host { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("siloPort")]
    public int SiloPort { get; set; }

    [JsonPropertyName("httpPort")]
    public int HttpPort { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;

    [JsonPropertyName("startedAt")]
    public long StartedAt { get; set; }

    [JsonPropertyName("statusAt")]
    public long StatusAt { get; set; }

    [JsonPropertyName("suspects")]
    public List<SuspectVoteDocument>? Suspects { get; set; }

    [JsonPropertyName("deadAt")]
    public long? DeadAt { get; set; }

    [JsonPropertyName("leaseMs")]
    public long LeaseMs { get; set; }
}
