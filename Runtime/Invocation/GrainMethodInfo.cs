namespace ClawChat.Runtime.Invocation;

/// <summary>Static description of one grain interface method. The generator emits one instance per
/// method as a static field, so the hot path never looks metadata up.</summary>
public sealed class GrainMethodInfo
{
    public GrainMethodInfo(string interfaceName, string methodName, uint interfaceId, ushort methodId, MethodFlags flags, int responseTimeoutMs)
    {
        InterfaceName = interfaceName;
        MethodName = methodName;
        InterfaceId = interfaceId;
        MethodId = methodId;
        Flags = flags;
        ResponseTimeout = responseTimeoutMs > 0 ? TimeSpan.FromMilliseconds(responseTimeoutMs) : null;
    }

    /// <summary>Full name of the interface (or its <see cref="AliasAttribute"/>).</summary>
    public string InterfaceName { get; }

    public string MethodName { get; }

    /// <summary>FNV-1a 32 of the interface's full name or alias.</summary>
    public uint InterfaceId { get; }

    /// <summary>Low 16 bits of FNV-1a 32 of the method's name and parameter types (or alias); unique per interface.</summary>
    public ushort MethodId { get; }

    public MethodFlags Flags { get; }

    public bool IsReadOnly => (Flags & MethodFlags.ReadOnly) != 0;

    public bool IsAlwaysInterleave => (Flags & MethodFlags.AlwaysInterleave) != 0;

    public bool IsOneWay => (Flags & MethodFlags.OneWay) != 0;

    /// <summary>Per-method override from <see cref="ResponseTimeoutAttribute"/>; null means the silo default.</summary>
    public TimeSpan? ResponseTimeout { get; }

    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
