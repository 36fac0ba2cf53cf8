using System.Diagnostics;
using System.Text.Json;

namespace ClawChat.Api.Tests.Push;

/// <summary>One request the test gateway received.</summary>
/// <param name="Failed">The gateway answered 500 to it.</param>
public sealed record GatewayRequest(JsonElement Body, string? ContentType, long Timestamp, bool Failed)
{
    public JsonElement Notification => Body.GetProperty("notification");

    public string? EventId => Notification.TryGetProperty("event_id", out var id) ? id.GetString() : null;

    public TimeSpan Since(GatewayRequest earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp);
}
