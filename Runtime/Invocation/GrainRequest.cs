using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ClawChat.Runtime.Invocation;

/// <summary>One call to a grain method, with its arguments as public properties (named after the
/// parameters). The generator emits one sealed subclass per interface method; instances are
/// serialized with System.Text.Json when the call crosses silos.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest
{
    /// <summary>The method this request calls.</summary>
    [JsonIgnore]
    public abstract GrainMethodInfo Method { get; }

    /// <summary>Token handed to grain methods that take a <see cref="System.Threading.CancellationToken"/>;
    /// set by the runtime before <see cref="InvokeUntypedAsync"/>.</summary>
    [JsonIgnore]
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The caller's token, when the interface method has a <see cref="System.Threading.CancellationToken"/>
    /// parameter: cancelling it cancels the wait for the response (and the grain's token for local calls).</summary>
    [JsonIgnore]
    public CancellationToken CallerCancellation { get; set; }

    /// <summary>Calls the method on <paramref name="target"/> and boxes the result (remote path).</summary>
    public abstract ValueTask<object?> InvokeUntypedAsync(object target);
}

/// <summary>A request whose method returns <typeparamref name="TResult"/>
/// (<see cref="VoidResult"/> for <see cref="Task"/>/<see cref="ValueTask"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest<TResult> : GrainRequest
{
    /// <summary>Calls the method on <paramref name="target"/>, the grain instance or observer object.</summary>
    public abstract ValueTask<TResult> InvokeAsync(object target);

    public sealed override async ValueTask<object?> InvokeUntypedAsync(object target) => await InvokeAsync(target);
}
