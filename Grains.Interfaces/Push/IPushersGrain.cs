using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Push;

/// <summary>
/// A user's pushers (key: the user id; DIGEST §15, spec pusher.yaml) and the hand-off of notifications to the
/// push gateways. Delivery itself (HTTP, retries, the bounded per-user queue) runs outside the grain's turn.
/// Errors are <see cref="ClawChat.Matrix.Errors.MatrixException"/>: M_MISSING_PARAM / M_INVALID_PARAM / M_BAD_JSON
/// for bad <c>/pushers/set</c> bodies.
/// </summary>
[Alias("clawchat.IPushersGrain")]
public interface IPushersGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<IReadOnlyList<Pusher>> GetPushersAsync();

    /// <summary><c>POST /pushers/set</c>: create, update, or (kind null) delete the pusher (app id, pushkey).</summary>
    Task SetPusherAsync(SetPusherCommand command);

    /// <summary>Removes the pusher (app id, pushkey) if present (a gateway rejected its pushkey, or another user took it over).</summary>
    Task RemovePusherAsync(string appId, string pushkey);

    /// <summary>Another user set a pusher with the same (app id, pushkey) without <c>append</c>: this user's copy goes
    /// (one-way, so the claiming user never waits on this grain).</summary>
    [OneWay]
    Task OnPushkeyTakenAsync(string appId, string pushkey);

    /// <summary>Removes the pushers created by a device's session (call when the device is deleted or logs out); returns how many.</summary>
    Task<int> RemoveDevicePushersAsync(string deviceId);

    /// <summary>Queues <paramref name="notice"/> for every pusher of the user; returns at once.</summary>
    [OneWay]
    Task NotifyAsync(PushNotice notice);
}
