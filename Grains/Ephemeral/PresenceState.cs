namespace ClawChat.Grains.Ephemeral;

/// <summary>Persisted state of <see cref="PresenceGrain"/>.</summary>
public sealed class PresenceState
{
    public string? Presence { get; set; }

    public string? StatusMessage { get; set; }

    public long LastActiveTs { get; set; }
}
