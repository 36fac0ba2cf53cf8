using System.Text;

namespace ClawChat.Runtime.Redis.PubSub;

/// <summary>A message delivered to a <see cref="RedisSubscriber"/> handler.</summary>
/// <param name="Channel">The channel it was published on.</param>
/// <param name="Payload">The published bytes.</param>
/// <param name="Pattern">The pattern that matched, for pattern subscriptions; otherwise null.</param>
public readonly record struct RedisMessage(string Channel, byte[] Payload, string? Pattern)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string PayloadString => Encoding.UTF8.GetString(Payload);
}
