namespace ClawChat.Runtime.Invocation;

/// <summary>Compile-time description of a grain class, registered by generated code: the class and a
/// factory that constructs it without reflection. Constructor parameters are resolved as follows:
/// <c>[PersistentState(name, storage)] IPersistentState&lt;T&gt;</c> through
/// <see cref="GrainActivationContext.GetPersistentState{TState}"/>, <see cref="IGrainContext"/> and
/// <see cref="IGrainFactory"/> from the context, anything else from the silo's services.</summary>
public sealed class GrainClassDescriptor
{
    public GrainClassDescriptor(Type grainClass, Func<GrainActivationContext, object> factory)
    {
        GrainClass = grainClass;
        Factory = factory;
    }

    public Type GrainClass { get; }

    public Func<GrainActivationContext, object> Factory { get; }
}
