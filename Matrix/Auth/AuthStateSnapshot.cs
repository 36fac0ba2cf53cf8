using System.Collections.Immutable;
using ClawChat.Matrix.Events;

namespace ClawChat.Matrix.Auth;

/// <summary>
/// An immutable map of state events keyed by (type, state_key), usable as <see cref="IAuthState"/>.
/// <see cref="With"/> returns the state after an accepted state event; message events leave it unchanged.
/// </summary>
public sealed class AuthStateSnapshot : IAuthState
{
    public static AuthStateSnapshot Empty { get; } = new(ImmutableDictionary<(string Type, string StateKey), Pdu>.Empty);

    private readonly ImmutableDictionary<(string Type, string StateKey), Pdu> _events;

    private AuthStateSnapshot(ImmutableDictionary<(string Type, string StateKey), Pdu> events) => _events = events;

    public int Count => _events.Count;

    public IEnumerable<Pdu> Events => _events.Values;

    public static AuthStateSnapshot From(IEnumerable<Pdu> stateEvents)
    {
        ArgumentNullException.ThrowIfNull(stateEvents);
        var snapshot = Empty;
        foreach (var pdu in stateEvents)
        {
            snapshot = snapshot.With(pdu);
        }

        return snapshot;
    }

    public Pdu? GetStateEvent(string type, string stateKey) =>
        _events.TryGetValue((type, stateKey), out var pdu) ? pdu : null;

    public AuthStateSnapshot With(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return pdu.StateKey is null ? this : new AuthStateSnapshot(_events.SetItem((pdu.Type, pdu.StateKey), pdu));
    }
}
