using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ClawChat.Runtime.Invocation;

/// <summary>Process-wide registry filled by the module initializers the source generator emits in every
/// assembly that declares grain interfaces or grain classes.</summary>
public static class GrainRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> Interfaces = new();
    private static readonly ConcurrentDictionary<Type, GrainClassDescriptor> Classes = new();

    /// <summary>Called by generated code.</summary>
    public static void RegisterInterface(GrainInterfaceDescriptor descriptor) => Interfaces[descriptor.InterfaceType] = descriptor;

    /// <summary>Called by generated code.</summary>
    public static void RegisterClass(GrainClassDescriptor descriptor) => Classes[descriptor.GrainClass] = descriptor;

    /// <summary>The descriptor of a grain or observer interface; runs the declaring module's initializer if needed.</summary>
    public static GrainInterfaceDescriptor GetInterface(Type interfaceType)
    {
        if (Interfaces.TryGetValue(interfaceType, out var descriptor))
        {
            return descriptor;
        }

        RuntimeHelpers.RunModuleConstructor(interfaceType.Module.ModuleHandle);
        return Interfaces.TryGetValue(interfaceType, out descriptor)
            ? descriptor
            : throw new InvalidOperationException($"{interfaceType} has no generated proxy. Does its project reference ClawChat.Runtime.Generators as an analyzer?");
    }

    /// <summary>All interface descriptors registered so far.</summary>
    public static IReadOnlyCollection<GrainInterfaceDescriptor> AllInterfaces => (IReadOnlyCollection<GrainInterfaceDescriptor>)Interfaces.Values;

    /// <summary>All grain classes declared in <paramref name="assembly"/> (runs its module initializer).</summary>
    public static IReadOnlyList<GrainClassDescriptor> GetClasses(Assembly assembly)
    {
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return Classes.Values.Where(c => c.GrainClass.Assembly == assembly).ToList();
    }
}
