using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

/// <summary>
/// The room state an event is authorized against (DIGEST §4.3: "current X"): for a new local event, the
/// room's current state; the rules only look at <c>m.room.create</c>, <c>m.room.power_levels</c>,
/// <c>m.room.join_rules</c>, <c>m.room.member</c> of sender/target/authorising user and
/// <c>m.room.third_party_invite</c>. <see cref="AuthStateExtensions"/> offers the typed views.
/// </summary>
public interface IAuthState
{
    /// <summary>The current state event (<paramref name="type"/>, <paramref name="stateKey"/>), or null.</summary>
    Pdu? GetStateEvent(string type, string stateKey);
}
