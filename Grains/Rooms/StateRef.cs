namespace ClawChat.Grains.Rooms;

/// <summary>One entry of the current state map: (type, state_key) → event ID at a stream position.</summary>
public sealed record StateRef(string Type, string StateKey, string EventId, long Position);
