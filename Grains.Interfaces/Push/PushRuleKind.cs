namespace ClawChat.Grains.Interfaces.Push;

/// <summary>The five push rule kinds, in evaluation priority order (DIGEST §15): override rules are tried
/// first, underride rules last.</summary>
public enum PushRuleKind
{
    Override = 0,
    Content = 1,
    Room = 2,
    Sender = 3,
    Underride = 4,
}
