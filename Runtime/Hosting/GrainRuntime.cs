using System.Collections.Concurrent;
using System.Reflection;
using ClawChat.Runtime.Catalog;
using ClawChat.Runtime.Cluster;
using ClawChat.Runtime.Invocation;
using ClawChat.Runtime.Scheduling;

namespace ClawChat.Runtime;

/// <summary>The silo's grain factory and call router: resolves a reference to its activation (cached on
/// the reference), and carries calls, one-way messages and observer references.</summary>
public sealed class GrainRuntime : IGrainFactory, IGrainCallInvoker
{
    /// <summary>Bound on forwarding a call to successive activations of one grain (each deactivated under it).</summary>
    private const int MaxForwards = 4;

    private readonly GrainRuntimeShared _shared;
    private readonly Dictionary<string, GrainTypeInfo> _typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, GrainTypeInfo> _typesByInterface = [];
    private readonly HashSet<Type> _ambiguousInterfaces = [];
    private readonly ConcurrentDictionary<Type, (GrainInterfaceDescriptor, GrainTypeInfo)> _bindings = new();
    private readonly GrainTypeInfo _observerType;

    internal GrainRuntime(GrainRuntimeShared shared, IEnumerable<Assembly> grainAssemblies)
    {
        _shared = shared;
        shared.Runtime = this;
        _observerType = GrainTypeInfo.ForObservers(shared);
        foreach (var assembly in grainAssemblies.Distinct())
        {
            foreach (var descriptor in GrainRegistry.GetClasses(assembly))
            {
                AddClass(descriptor);
            }
        }

        BindInterfaces();
    }

    internal GrainRuntimeShared Shared => _shared;

    internal Catalog.Catalog Catalog => _shared.Catalog;

    /// <summary>Number of activations in this silo (observers included).</summary>
    public int ActivationCount => _shared.Catalog.Count;

    /// <summary>The grain type names this silo hosts.</summary>
    public IReadOnlyCollection<string> GrainTypes => _typesByName.Keys;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var (descriptor, type) = _bindings.GetOrAdd(typeof(TGrainInterface), Bind);
        return (TGrainInterface)(object)descriptor.ProxyFactory(this, new GrainId(type.GrainType, key));
    }

    public TObserver CreateObjectReference<TObserver>(TObserver localObject) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(localObject);
        if (localObject is GrainReference)
        {
            throw new ArgumentException("Pass the local object, not a reference.", nameof(localObject));
        }

        var descriptor = GrainRegistry.GetInterface(typeof(TObserver));
        var observerId = Guid.NewGuid().ToString("N");
        var id = new GrainId(GrainType.Observer, _shared.Cluster?.ObserverKey(observerId) ?? observerId);
        _shared.Catalog.Add(new ActivationRecord(id, _observerType, localObject));
        return (TObserver)(object)descriptor.ProxyFactory(this, id);
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver
    {
        if (reference is not GrainReference grainReference || grainReference.GrainId.Type != GrainType.Observer)
        {
            throw new ArgumentException("Not an observer reference created by CreateObjectReference.", nameof(reference));
        }

        if (_shared.Catalog.TryGet(grainReference.GrainId, out var record))
        {
            _shared.Catalog.Remove(record);
        }
    }

    ValueTask<TResult> IGrainCallInvoker.InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        var parent = RuntimeContext.CurrentRequest;
        var timeout = TimeoutOf(request.Method);
        if (target.CachedTarget is ActivationRecord cached && cached.IsUsable)
        {
            return cached.InvokeAsync(request, parent, timeout);
        }

        if (RemoteSilo(target.GrainId) is { } silo)
        {
            return _shared.Cluster!.InvokeRemoteAsync(silo, target.GrainId, request, parent, timeout);
        }

        ActivationRecord activation;
        try
        {
            activation = Resolve(target);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<TResult>(ex);
        }

        return activation.InvokeAsync(request, parent, timeout);
    }

    void IGrainCallInvoker.InvokeOneWay(GrainReference target, GrainRequest request)
    {
        // A one-way call starts a new call chain: the caller does not wait for it, so it cannot be part of a cycle.
        if (RemoteSilo(target.GrainId) is { } silo)
        {
            _shared.Cluster!.SendOneWay(silo, target.GrainId, request);
            return;
        }

        ValueTask<object?> result;
        try
        {
            var activation = Resolve(target);
            result = activation.InvokeAsync(new OneWayAdapter(request), parent: null, TimeoutOf(request.Method));
        }
        catch (Exception ex)
        {
            _shared.Log.OneWayFailed(request.Method.ToString(), target.GrainId, ex);
            return;
        }

        if (result.IsCompleted)
        {
            if (!result.IsCompletedSuccessfully)
            {
                _ = ObserveOneWayAsync(result.AsTask(), request.Method, target.GrainId);
            }

            return;
        }

        _ = ObserveOneWayAsync(result.AsTask(), request.Method, target.GrainId);
    }

    /// <summary>Calls the grain again after the activation the caller held went away.</summary>
    internal ValueTask<TResult> InvokeOnFreshActivationAsync<TResult>(GrainId grainId, GrainRequest<TResult> request, RequestInfo? parent, TimeSpan timeout)
    {
        if (RemoteSilo(grainId) is { } silo)
        {
            return _shared.Cluster!.InvokeRemoteAsync(silo, grainId, request, parent, timeout);
        }

        return InvokeHereAsync(grainId, request, parent, timeout);
    }

    /// <summary>Calls the grain on this silo, activating it here if needed (the directory still decides).</summary>
    internal ValueTask<TResult> InvokeHereAsync<TResult>(GrainId grainId, GrainRequest<TResult> request, RequestInfo? parent, TimeSpan timeout)
    {
        try
        {
            return ActivationFor(grainId).InvokeAsync(request, parent, timeout);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<TResult>(ex);
        }
    }

    /// <summary>The local activation of <paramref name="grainId"/>, created if needed (calls routed here).</summary>
    internal ActivationRecord ActivationHere(GrainId grainId) => ActivationFor(grainId);

    /// <summary>Sends a call that waited on a deactivated activation to the grain's next activation.</summary>
    internal void Redispatch<TResult>(PendingCall<TResult> call, GrainRequest<TResult> request)
    {
        if (call.Forwards > MaxForwards)
        {
            call.Fail(new GrainCallRejectedException(RejectionKind.Transient, $"{request.Method} on {call.Info.Target.GrainId} was forwarded {MaxForwards} times without running."));
            return;
        }

        var grainId = call.Info.Target.GrainId;
        if (RemoteSilo(grainId) is { } silo)
        {
            call.CompleteFrom(_shared.Cluster!.InvokeRemoteAsync(silo, grainId, request, call.Parent, TimeSpan.FromMilliseconds(Math.Max(1, call.Deadline - Environment.TickCount64))));
            return;
        }

        try
        {
            ActivationFor(grainId).Enqueue(call, request);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
        }
    }

    /// <summary>In cluster mode, the silo a call to a grain not active here should go to (null: here).</summary>
    private SiloAddress? RemoteSilo(GrainId grainId) =>
        _shared.Cluster is { } cluster && !_shared.Catalog.TryGet(grainId, out _) ? cluster.Route(grainId) : null;

    /// <summary>Snapshot of the activations of <paramref name="grainId"/> that are valid here (tests, diagnostics).</summary>
    internal bool IsActive(GrainId grainId) => _shared.Catalog.TryGet(grainId, out var record) && record.State == ActivationState.Valid;

    private ActivationRecord Resolve(GrainReference target)
    {
        if (target.CachedTarget is ActivationRecord cached && cached.IsUsable)
        {
            return cached;
        }

        var activation = ActivationFor(target.GrainId);
        target.CachedTarget = activation;
        return activation;
    }

    private ActivationRecord ActivationFor(GrainId grainId)
    {
        if (grainId.Type == GrainType.Observer)
        {
            return _shared.Catalog.TryGet(grainId, out var observer)
                ? observer
                : throw new GrainCallRejectedException(RejectionKind.Transient, $"Observer {grainId.Key} no longer exists.");
        }

        if (!_typesByName.TryGetValue(grainId.Type.Name, out var type))
        {
            throw new InvalidOperationException($"No grain class of type '{grainId.Type.Name}' is registered in this silo.");
        }

        return _shared.Catalog.GetOrCreate(grainId, type);
    }

    private TimeSpan TimeoutOf(GrainMethodInfo method) => method.ResponseTimeout ?? _shared.Options.ResponseTimeout;

    private (GrainInterfaceDescriptor, GrainTypeInfo) Bind(Type interfaceType)
    {
        if (_ambiguousInterfaces.Contains(interfaceType))
        {
            throw new InvalidOperationException($"More than one grain class implements {interfaceType}; GetGrain cannot choose.");
        }

        if (!_typesByInterface.TryGetValue(interfaceType, out var type))
        {
            throw new InvalidOperationException($"No grain class implementing {interfaceType} is registered. Register its assembly with AddGrainRuntime.");
        }

        return (GrainRegistry.GetInterface(interfaceType), type);
    }

    private void AddClass(GrainClassDescriptor descriptor)
    {
        var type = new GrainTypeInfo(descriptor, _shared);
        if (!_typesByName.TryAdd(type.GrainType.Name, type))
        {
            throw new InvalidOperationException($"Grain type name '{type.GrainType.Name}' is used by {descriptor.GrainClass} and {_typesByName[type.GrainType.Name].Descriptor!.GrainClass}; pin distinct names with [GrainType].");
        }
    }

    /// <summary>Maps each grain interface to the class that implements it. A class that only inherits an
    /// interface from a grain base class does not compete for it with that base class.</summary>
    private void BindInterfaces()
    {
        var inherited = new List<(Type Interface, GrainTypeInfo Type)>();
        foreach (var type in _typesByName.Values)
        {
            var grainClass = type.Descriptor!.GrainClass;
            var fromBase = grainClass.BaseType?.GetInterfaces() ?? [];
            foreach (var itf in grainClass.GetInterfaces())
            {
                if (!typeof(IGrain).IsAssignableFrom(itf) || itf == typeof(IGrain) || itf == typeof(IGrainWithStringKey))
                {
                    continue;
                }

                if (fromBase.Contains(itf))
                {
                    inherited.Add((itf, type));
                }
                else if (!_typesByInterface.TryAdd(itf, type))
                {
                    _ambiguousInterfaces.Add(itf);
                }
            }
        }

        foreach (var (itf, type) in inherited)
        {
            _typesByInterface.TryAdd(itf, type);
        }
    }

    private async Task ObserveOneWayAsync(Task task, GrainMethodInfo method, GrainId grainId)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _shared.Log.OneWayFailed(method.ToString(), grainId, ex);
        }
    }

    /// <summary>Gives a one-way request (untyped) the typed shape the scheduler runs.</summary>
    private sealed class OneWayAdapter(GrainRequest inner) : GrainRequest<object?>
    {
        public override GrainMethodInfo Method => inner.Method;

        public override ValueTask<object?> InvokeAsync(object target)
        {
            inner.CancellationToken = CancellationToken;
            return inner.InvokeUntypedAsync(target);
        }
    }
}
