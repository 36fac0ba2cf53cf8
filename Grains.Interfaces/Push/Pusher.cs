using System.Text.Json;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>A pusher as <c>GET /pushers</c> shows it (spec pusher.yaml).</summary>
/// <param name="Data">The pusher's <c>data</c> object, including <c>url</c> (and <c>format</c> when set).</param>
/// <param name="PushkeyTs">When the pushkey was last set, in seconds since the epoch (sent to gateways as <c>pushkey_ts</c>).</param>
/// <param name="DeviceId">The device whose session created the pusher (pushers go with their device).</param>
public sealed record Pusher(
    string Pushkey,
    string Kind,
    string AppId,
    string AppDisplayName,
    string DeviceDisplayName,
    string? ProfileTag,
    string Lang,
    JsonElement Data,
    long PushkeyTs,
    string? DeviceId);
