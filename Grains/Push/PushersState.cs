using ClawChat.Grains.Interfaces.Push;

namespace ClawChat.Grains.Push;

/// <summary>Persisted state of <see cref="PushersGrain"/>: the user's pushers, unique by (app id, pushkey).</summary>
public sealed class PushersState
{
    public List<Pusher> Pushers { get; set; } = [];
}
