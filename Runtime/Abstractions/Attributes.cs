namespace ClawChat.Runtime;

/// <summary>Requests to this grain class may interleave freely.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute
{
}

/// <summary>This interface method interleaves with any other request.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}

/// <summary>This interface method does not change grain state: read-only requests interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}

/// <summary>Fire-and-forget: the caller gets no result and no exception. The method must return
/// <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}

/// <summary>Overrides the response timeout for one interface method (a <see cref="TimeSpan"/> string such as "00:01:30").</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeSpan) : Attribute
{
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeSpan, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Pins the stable grain type name (part of every grain id; treat it like a database identifier).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Pins the stable name of a grain interface or method used for wire ids.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method)]
public sealed class AliasAttribute(string alias) : Attribute
{
    public string Alias { get; } = alias;
}

/// <summary>Idle age after which an activation of this class is collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeAttribute(double minutes) : Attribute
{
    public TimeSpan Age { get; } = TimeSpan.FromMinutes(minutes);
}

/// <summary>Bound on waiting requests per activation of this class; requests past it are rejected as overloaded.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MaxQueueAttribute(int limit) : Attribute
{
    public int Limit { get; } = limit;
}

/// <summary>Place activations on the silo that makes the first call (cluster mode).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PreferLocalPlacementAttribute : Attribute
{
}

/// <summary>Marks a type as immutable: it may be shared between caller and callee without copying.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class ImmutableAttribute : Attribute
{
}
