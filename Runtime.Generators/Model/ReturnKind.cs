namespace ClawChat.Runtime.Generators.Model;

/// <summary>The four awaitables a grain method may return; each needs its own adapter on both sides.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
