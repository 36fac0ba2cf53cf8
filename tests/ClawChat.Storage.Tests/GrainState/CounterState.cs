namespace ClawChat.Storage.Tests.GrainState;

public sealed class CounterState
{
    public int Count { get; set; }

    public string? Name { get; set; }

    public List<string> Items { get; set; } = [];
}
