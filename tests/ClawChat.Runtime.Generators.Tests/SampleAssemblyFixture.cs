using System.Reflection;
using System.Runtime.CompilerServices;
using ClawChat.Runtime.Generators.Tests.Infrastructure;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Generators.Tests;

/// <summary>Compiles <see cref="SampleSource"/> once, loads it and runs its module initializer.</summary>
public sealed class SampleAssemblyFixture
{
    public SampleAssemblyFixture()
    {
        Run = GeneratorHarness.Run(SampleSource.Code);
        Assembly = Run.EmitAndLoad();
        RuntimeHelpers.RunModuleConstructor(Assembly.ManifestModule.ModuleHandle);
    }

    public GeneratorRun Run { get; }

    public Assembly Assembly { get; }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    public GrainInterfaceDescriptor Interface(string fullName) => GrainRegistry.GetInterface(Type(fullName));

    public GrainMethodDescriptor Method(string interfaceName, string methodName, int parameterCount = -1)
        => Interface(interfaceName).Methods.Single(m => m.Method.MethodName == methodName
            && (parameterCount < 0 || m.RequestType.GetProperties().Count(p => p.DeclaringType == m.RequestType && p.CanWrite) == parameterCount));

    /// <summary>A proxy for <paramref name="interfaceName"/> whose calls run on a new instance of <paramref name="implementation"/>.</summary>
    public (object Proxy, RecordingInvoker Invoker, object Target) Proxy(string interfaceName, string implementation)
    {
        var target = Activator.CreateInstance(Type(implementation))!;
        var invoker = new RecordingInvoker(target);
        var proxy = Interface(interfaceName).ProxyFactory(invoker, new GrainId(new GrainType("sample"), Guid.NewGuid().ToString("N")));
        return (proxy, invoker, target);
    }
}
