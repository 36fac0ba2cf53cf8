using System.Reflection;
using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster.Transport;
using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime.Cluster;

/// <summary>Runs requests that arrived from other silos: finds the generated request type by (interface id,
/// method id), deserializes it, and invokes it through a typed delegate made once per request type (no
/// reflection per call).</summary>
internal sealed class RemoteDispatcher(ClusterSerializer serializer)
{
    private static readonly MethodInfo DispatchTypedMethod = typeof(RemoteDispatcher).GetMethod(nameof(DispatchTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly object _gate = new();
    private Dictionary<(uint InterfaceId, ushort MethodId), Entry> _entries = [];
    private int _registeredInterfaces = -1;

    internal delegate Task<ClusterMessage> Dispatch(ClusterSerializer serializer, ActivationRecord target, GrainRequest request, RequestInfo info, TimeSpan timeout);

    public ClusterSerializer Serializer => serializer;

    public Entry? Find(uint interfaceId, ushort methodId)
    {
        if (_entries.TryGetValue((interfaceId, methodId), out var entry))
        {
            return entry;
        }

        // Observer interfaces register when first used; rebuild when the registry grew.
        if (GrainRegistry.AllInterfaces.Count != _registeredInterfaces)
        {
            Rebuild();
        }

        return _entries.GetValueOrDefault((interfaceId, methodId));
    }

    private void Rebuild()
    {
        lock (_gate)
        {
            var interfaces = GrainRegistry.AllInterfaces.ToList();
            var entries = new Dictionary<(uint, ushort), Entry>();
            foreach (var descriptor in interfaces)
            {
                foreach (var method in descriptor.Methods)
                {
                    var resultType = ResultTypeOf(method.RequestType);
                    var dispatch = (Dispatch)DispatchTypedMethod.MakeGenericMethod(resultType).CreateDelegate(typeof(Dispatch));
                    entries[(method.Method.InterfaceId, method.Method.MethodId)] = new Entry(method.RequestType, resultType, dispatch);
                }
            }

            _entries = entries;
            _registeredInterfaces = interfaces.Count;
        }
    }

    private static Type ResultTypeOf(Type requestType)
    {
        for (var type = requestType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(GrainRequest<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        throw new InvalidOperationException($"{requestType} does not derive from GrainRequest<TResult>.");
    }

    private static async Task<ClusterMessage> DispatchTypedAsync<TResult>(ClusterSerializer serializer, ActivationRecord target, GrainRequest request, RequestInfo info, TimeSpan timeout)
    {
        try
        {
            var result = await target.InvokeWithInfoAsync((GrainRequest<TResult>)request, info, timeout).ConfigureAwait(false);
            return new ClusterMessage
            {
                Kind = MessageKind.Response,
                Status = ResponseStatus.Ok,
                Body = typeof(TResult) == typeof(VoidResult) ? ReadOnlyMemory<byte>.Empty : serializer.Serialize(result, typeof(TResult)),
            };
        }
        catch (GrainCallRejectedException rejected)
        {
            return ClusterRouter.Reject(rejected.Kind, rejected.Message, null);
        }
        catch (Exception ex)
        {
            return new ClusterMessage
            {
                Kind = MessageKind.Response,
                Status = ResponseStatus.Error,
                Body = serializer.Serialize(RemoteExceptions.ToInfo(ex), typeof(RemoteExceptionInfo)),
            };
        }
    }

    /// <summary>A request type and how to run it.</summary>
    internal sealed record Entry(Type RequestType, Type ResultType, Dispatch Invoke);
}
