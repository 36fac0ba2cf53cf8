namespace ClawChat.Api.Http;

/// <summary>One token bucket of <see cref="RateLimitOptions"/>.</summary>
public sealed class RateLimitRule
{
    /// <summary>Requests allowed at once (bucket size).</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Requests added back per minute.</summary>
    public int PerMinute { get; set; } = 10;
}
