namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Push rules, notification counts and pushers (section <c>ClawChat:Push</c>; environment
/// <c>ClawChat__Push__Key</c>). DIGEST §15.</summary>
public sealed class PushOptions
{
    public const string SectionName = "ClawChat:Push";

    /// <summary>Notifications kept per user for <c>GET /notifications</c> (the oldest are dropped). Default 100.</summary>
    public int MaxNotificationsPerUser { get; set; } = 100;

    /// <summary>Unread notifications tracked per room thread (main timeline or one thread) since the user's read
    /// receipt; counts stop growing there (clients show "99+" long before). Default 1000.</summary>
    public int MaxUnreadPerThread { get; set; } = 1000;

    /// <summary>Rules a user may create (all kinds together). Default 500.</summary>
    public int MaxRulesPerUser { get; set; } = 500;

    /// <summary>Pushers a user may hold. Default 20.</summary>
    public int MaxPushersPerUser { get; set; } = 20;

    /// <summary>Bound on one HTTP request to a push gateway. Default 10 seconds.</summary>
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per notification and gateway before it is dropped (network errors, 5xx and 429 are
    /// retried; other 4xx are not). Default 6.</summary>
    public int MaxDeliveryAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; it doubles on every further retry up to <see cref="MaxRetryDelay"/>.
    /// Default 1 second (so 1 s, 2 s, 4 s, 8 s, 16 s with the default attempts).</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Notifications waiting for delivery per user; past it the oldest waiting one is dropped (a phone
    /// offline for a while needs the latest notifications and counts, not all of them). Default 50.</summary>
    public int MaxQueuedPerUser { get; set; } = 50;

    /// <summary>Gateway requests in flight at once on one silo. Default 32.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>CIDR ranges a pusher URL may point into although they are loopback, private or link-local (for
    /// example <c>127.0.0.0/8</c> for a Sygnal on the same host). Users choose pusher URLs, so by default only
    /// public addresses are dialled. Default none.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
