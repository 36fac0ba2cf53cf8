namespace ClawChat.Api.Http;

/// <summary>Per-client-IP rate limits on account endpoints (section <c>ClawChat:RateLimits</c>; environment
/// <c>ClawChat__RateLimits__Key</c>). Token buckets: <see cref="RateLimitRule.Burst"/> requests at once, refilled
/// at <see cref="RateLimitRule.PerMinute"/>. Behind a reverse proxy every client shares the proxy's address
/// unless forwarded headers are applied first.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "ClawChat:RateLimits";

    /// <summary>Master switch. Default true; test silos turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>POST /login</c>. Default burst 20, 30 per minute.</summary>
    public RateLimitRule Login { get; set; } = new() { Burst = 20, PerMinute = 30 };

    /// <summary><c>POST /register</c> and <c>GET /register/available</c>. Default burst 10, 10 per minute.</summary>
    public RateLimitRule Register { get; set; } = new() { Burst = 10, PerMinute = 10 };
}
