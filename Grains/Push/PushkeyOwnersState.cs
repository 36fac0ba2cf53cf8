namespace ClawChat.Grains.Push;

/// <summary>Persisted state of <see cref="PushkeyOwnersGrain"/>: the users holding a pusher with this pair.</summary>
public sealed class PushkeyOwnersState
{
    public List<string> Users { get; set; } = [];
}
