using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Cluster;

/// <summary>Calls arriving from other silos: run here if the grain is active here or this silo is its
/// owner (or the call has been redirected enough); otherwise redirect the caller with a location hint.</summary>
internal sealed partial class ClusterRouter
{
    public async ValueTask<ClusterMessage?> HandleAsync(SiloAddress from, ClusterMessage message, CancellationToken cancellationToken)
    {
        if (IsFenced)
        {
            return Reject(RejectionKind.Fenced, $"{LocalSilo} lost its cluster lease and runs no grain turns.", null);
        }

        var entry = _dispatcher.Find(message.InterfaceId, message.MethodId);
        if (entry is null)
        {
            Log.UnknownMethod(_logger, from, message.InterfaceId, message.MethodId);
            return Reject(RejectionKind.Transient, $"{LocalSilo} does not know method {message.InterfaceId:x8}/{message.MethodId:x4}.", null);
        }

        var target = message.Target;
        ActivationRecord activation;
        try
        {
            if (!_shared.Catalog.TryGet(target, out activation))
            {
                if (target.Type == GrainType.Observer)
                {
                    return Reject(RejectionKind.Transient, $"Observer {target.Key} no longer exists.", null);
                }

                if (RouteIncoming(target, message.Hops) is { } elsewhere)
                {
                    return Reject(RejectionKind.Transient, $"{target} belongs to {elsewhere}.", elsewhere);
                }

                activation = _shared.Runtime.ActivationHere(target);
            }
        }
        catch (GrainCallRejectedException rejected)
        {
            return Reject(rejected.Kind, rejected.Message, null);
        }

        var request = (GrainRequest)_serializer.Deserialize(message.Body.Span, entry.RequestType)!;
        var info = new RequestInfo(activation, request.Method.Flags, message.ChainId, message.CallPath, message.Context);
        var timeout = TimeSpan.FromMilliseconds(Math.Max(1, message.RemainingMs));
        if (message.Kind == MessageKind.OneWay)
        {
            _ = entry.Invoke(_serializer, activation, request, info, timeout);
            return null;
        }

        return await entry.Invoke(_serializer, activation, request, info, timeout).ConfigureAwait(false);
    }

    public void OnMembershipChanged(SiloAddress from, long version)
    {
        if (_membership is Membership.MembershipService service)
        {
            service.OnMembershipChanged(version);
        }
        else
        {
            _ = _membership.RefreshAsync(version, CancellationToken.None);
        }
    }

    /// <summary>Where an incoming call for a grain not active here should go; null = activate here.</summary>
    private SiloAddress? RouteIncoming(GrainId grainId, byte hops)
    {
        if (hops >= MaxHops)
        {
            return null;
        }

        return Route(grainId);
    }
}
