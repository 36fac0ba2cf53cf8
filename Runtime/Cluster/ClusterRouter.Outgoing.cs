using System.Text;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Cluster;

/// <summary>Calls to grains on other silos. A redirection (the receiver knows better, or its view of the
/// owners differs) updates the location cache and retries within the same deadline; a dead target fails
/// with <see cref="SiloUnavailableException"/> — the outcome is unknown, so nothing is retried blindly.</summary>
internal sealed partial class ClusterRouter
{
    public async ValueTask<TResult> InvokeRemoteAsync<TResult>(SiloAddress silo, GrainId target, GrainRequest<TResult> request, RequestInfo? parent, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var body = _serializer.Serialize(request, request.GetType());
        byte hops = 0;
        for (var attempt = 1; ; attempt++)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw new TimeoutException($"{request.Method} on {target} did not respond within {timeout.TotalSeconds:0.###} s; the outcome is unknown.");
            }

            var message = NewRequest(MessageKind.Request, target, request, parent, hops, (int)remaining, body);
            ClusterMessage response;
            try
            {
                response = await _transport.SendRequestAsync(silo, message, TimeSpan.FromMilliseconds(remaining), request.CallerCancellation).ConfigureAwait(false);
            }
            catch (SiloUnavailableException)
            {
                _cache.Remove(target, silo);
                throw;
            }

            if (response.Kind == MessageKind.Response)
            {
                if (target.Type != GrainType.Observer)
                {
                    _cache.Set(target, silo);
                }

                return response.Status == ResponseStatus.Ok
                    ? (response.Body.IsEmpty ? default! : _serializer.Deserialize<TResult>(response.Body.Span)!)
                    : throw RemoteExceptions.FromInfo(_serializer.Deserialize<RemoteExceptionInfo>(response.Body.Span)!);
            }

            var reason = response.Body.IsEmpty ? response.Rejection.ToString() : Encoding.UTF8.GetString(response.Body.Span);
            if (attempt >= MaxAttempts || response.Rejection is RejectionKind.Overloaded or RejectionKind.Deadlock || target.Type == GrainType.Observer)
            {
                throw response.Rejection == RejectionKind.Deadlock
                    ? new DeadlockException(reason)
                    : new GrainCallRejectedException(response.Rejection, $"{request.Method} on {target} was rejected by {silo}: {reason}");
            }

            _cache.Remove(target, silo);
            hops++;
            if (response.Rejection is RejectionKind.NotActive or RejectionKind.Fenced)
            {
                // The silo is starting, stopping or fenced: give membership a moment to move on.
                await Task.Delay(Math.Min(100 * attempt, (int)Math.Max(1, deadline - Environment.TickCount64))).ConfigureAwait(false);
            }

            var next = response.LocationHint ?? Route(target);
            if (next is null || next.Equals(LocalSilo))
            {
                return await _shared.Runtime.InvokeHereAsync(target, request, parent, TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64))).ConfigureAwait(false);
            }

            silo = next;
        }
    }

    public void SendOneWay(SiloAddress silo, GrainId target, GrainRequest request)
    {
        try
        {
            var body = _serializer.Serialize(request, request.GetType());
            var timeout = request.Method.ResponseTimeout ?? _shared.Options.ResponseTimeout;
            _transport.Send(silo, NewRequest(MessageKind.OneWay, target, request, parent: null, hops: 0, (int)timeout.TotalMilliseconds, body));
        }
        catch (Exception ex)
        {
            Log.OneWayFailed(_logger, target, silo, ex);
        }
    }

    private static ClusterMessage NewRequest(MessageKind kind, GrainId target, GrainRequest request, RequestInfo? parent, byte hops, int remainingMs, byte[] body) => new()
    {
        Kind = kind,
        Target = target,
        InterfaceId = request.Method.InterfaceId,
        MethodId = request.Method.MethodId,
        Flags = request.Method.Flags,
        Hops = hops,
        RemainingMs = remainingMs,
        ChainId = parent?.ChainId ?? 0,
        CallPath = parent?.PathForOutgoingCall(),
        Context = RequestContext.Capture(),
        Body = body,
    };

    internal static ClusterMessage Reject(RejectionKind kind, string reason, SiloAddress? hint) => new()
    {
        Kind = MessageKind.Reject,
        Rejection = kind,
        LocationHint = hint,
        Body = Encoding.UTF8.GetBytes(reason),
    };
}
