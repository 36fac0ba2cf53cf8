namespace ClawChat.Runtime.Scheduling;

/// <summary>Ambient state of the code that is running: the request being served (flows with the
/// execution context into the request's continuations) and the inline-execution depth of this thread.</summary>
internal static class RuntimeContext
{
    /// <summary>Bound on nested inline execution (a caller running an idle callee's turn on its own
    /// thread); deeper calls are queued to keep stacks short.</summary>
    public const int MaxInlineDepth = 4;

    private static readonly AsyncLocal<RequestInfo?> s_current = new();

    [ThreadStatic]
    private static int t_inlineDepth;

    public static RequestInfo? CurrentRequest
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public static bool CanRunInline => t_inlineDepth < MaxInlineDepth;

    public static void EnterInline() => t_inlineDepth++;

    public static void ExitInline() => t_inlineDepth--;
}
