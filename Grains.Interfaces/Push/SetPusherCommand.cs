using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary><c>POST /pushers/set</c> after reading the body (spec pusher.yaml). The grain checks the values.</summary>
/// <param name="DeviceId">The requester's device (the pusher is tied to it).</param>
/// <param name="Kind"><c>http</c> creates or updates; null deletes the pusher with this app id and pushkey.</param>
/// <param name="Data">The body's <c>data</c> object (for <c>http</c>: <c>url</c> required, <c>format</c> optional).</param>
/// <param name="Append">False (the default): the same app id and pushkey registered by other users is removed.</param>
public sealed record SetPusherCommand(
    string? DeviceId,
    string? Kind,
    string AppId,
    string Pushkey,
    string? AppDisplayName,
    string? DeviceDisplayName,
    string? ProfileTag,
    string? Lang,
    JsonElement? Data,
    bool Append);
