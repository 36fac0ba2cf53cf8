using System.Reflection;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Catalog;

/// <summary>Per-class data shared by all activations of a grain class (Orleans' GrainTypeSharedContext),
/// so that an activation carries one pointer instead of copies.</summary>
internal sealed class GrainTypeInfo
{
    public GrainTypeInfo(GrainClassDescriptor descriptor, GrainRuntimeShared shared)
    {
        var type = descriptor.GrainClass;
        Descriptor = descriptor;
        Shared = shared;
        GrainType = new GrainType(type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultName(type));
        IsReentrant = type.GetCustomAttribute<ReentrantAttribute>() is not null;
        MaxQueue = type.GetCustomAttribute<MaxQueueAttribute>()?.Limit ?? shared.Options.DefaultMaxQueue;
        CollectionAge = type.GetCustomAttribute<CollectionAgeAttribute>()?.Age ?? shared.Options.DefaultCollectionAge;
    }

    /// <summary>Type info for observers: local objects that are never collected and run calls one at a time.</summary>
    private GrainTypeInfo(GrainRuntimeShared shared)
    {
        Descriptor = null;
        Shared = shared;
        GrainType = GrainType.Observer;
        MaxQueue = shared.Options.DefaultMaxQueue;
        CollectionAge = Timeout.InfiniteTimeSpan;
        IsObserver = true;
    }

    public GrainClassDescriptor? Descriptor { get; }

    public GrainRuntimeShared Shared { get; }

    public GrainType GrainType { get; }

    public bool IsReentrant { get; }

    public bool IsObserver { get; }

    public int MaxQueue { get; }

    public TimeSpan CollectionAge { get; }

    public static GrainTypeInfo ForObservers(GrainRuntimeShared shared) => new(shared);

    /// <summary>"RoomGrain" → "room": the class name minus the "Grain" suffix, lower-cased.</summary>
    internal static string DefaultName(Type type)
    {
        var name = type.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > 5)
        {
            name = name[..^5];
        }

        return name.ToLowerInvariant();
    }
}
