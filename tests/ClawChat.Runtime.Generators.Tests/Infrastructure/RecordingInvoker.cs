using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>Stands in for the runtime: records each request and runs it directly on a target object,
/// handing the grain <see cref="RuntimeToken"/> the way the runtime hands it a deadline token.</summary>
public sealed class RecordingInvoker : IGrainCallInvoker
{
    private readonly object _target;

    public RecordingInvoker(object target)
    {
        _target = target;
    }

    public CancellationToken RuntimeToken { get; } = new CancellationTokenSource().Token;

    public List<GrainRequest> Requests { get; } = [];

    public List<GrainRequest> OneWayRequests { get; } = [];

    public List<GrainReference> Targets { get; } = [];

    public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        Targets.Add(target);
        Requests.Add(request);
        request.CancellationToken = RuntimeToken;
        return request.InvokeAsync(_target);
    }

    public void InvokeOneWay(GrainReference target, GrainRequest request)
    {
        Targets.Add(target);
        OneWayRequests.Add(request);
        _ = request.InvokeUntypedAsync(_target);
    }
}
