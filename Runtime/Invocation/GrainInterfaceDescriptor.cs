namespace ClawChat.Runtime.Invocation;

/// <summary>One method of a grain interface and the request type that carries its arguments.</summary>
public sealed record GrainMethodDescriptor(GrainMethodInfo Method, Type RequestType);

/// <summary>Compile-time description of a grain or observer interface, registered by generated code.</summary>
public sealed class GrainInterfaceDescriptor
{
    public GrainInterfaceDescriptor(
        Type interfaceType,
        string name,
        uint interfaceId,
        Func<IGrainCallInvoker, GrainId, GrainReference> proxyFactory,
        IReadOnlyList<GrainMethodDescriptor> methods)
    {
        InterfaceType = interfaceType;
        Name = name;
        InterfaceId = interfaceId;
        ProxyFactory = proxyFactory;
        Methods = methods;
    }

    public Type InterfaceType { get; }

    /// <summary>Full name or <see cref="AliasAttribute"/> of the interface.</summary>
    public string Name { get; }

    public uint InterfaceId { get; }

    public Func<IGrainCallInvoker, GrainId, GrainReference> ProxyFactory { get; }

    /// <summary>All methods, including those inherited from base grain interfaces.</summary>
    public IReadOnlyList<GrainMethodDescriptor> Methods { get; }
}
