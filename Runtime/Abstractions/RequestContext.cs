using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime;

/// <summary>Ambient values that flow from a caller to the grains it calls (small strings: trace ids,
/// Matrix request ids), and the call-chain reentrancy switch.</summary>
public static class RequestContext
{
    private static readonly AsyncLocal<Dictionary<string, string>?> s_values = new();

    /// <summary>Sets a value for this call chain. Copy-on-write, so callers up the chain don't see it.</summary>
    public static void Set(string key, string value)
    {
        var current = s_values.Value;
        var copy = current is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
        copy[key] = value;
        s_values.Value = copy;
    }

    public static string? Get(string key) => s_values.Value is { } values && values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Inside a grain request: until the scope is disposed, calls that come back to this
    /// activation along the current call chain may interleave with the running request, instead of
    /// failing as a deadlock.</summary>
    public static IDisposable AllowCallChainReentrancy()
    {
        var request = RuntimeContext.CurrentRequest
            ?? throw new InvalidOperationException("AllowCallChainReentrancy must be called inside a grain request.");
        return request.Target.AllowChain(request.ChainId);
    }

    internal static IReadOnlyDictionary<string, string>? Capture() => s_values.Value;

    internal static void Restore(IReadOnlyDictionary<string, string>? values) => s_values.Value = values as Dictionary<string, string>;
}
