namespace ClawChat.Storage.Tests.GrainState;

/// <summary>A generic state type: storage must serialize closed generics with reflection-based JSON.</summary>
public sealed class Box<T>
{
    public T? Value { get; set; }

    public Dictionary<string, T> ByName { get; set; } = [];
}
