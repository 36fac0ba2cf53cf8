using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>Records what a generated grain factory asks for.</summary>
public sealed class FakeActivationContext : GrainActivationContext, IServiceProvider
{
    private readonly Func<Type, object?> _services;

    public FakeActivationContext(Func<Type, object?> services)
    {
        _services = services;
    }

    public List<string> Requests { get; } = [];

    public override IGrainContext GrainContext => throw new NotSupportedException("The factory under test should not need the grain context.");

    public override IServiceProvider Services => this;

    public override IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        Requests.Add($"state {typeof(TState).Name} {stateName} {storageName ?? "<default>"}");
        return new FakePersistentState<TState>();
    }

    public object? GetService(Type serviceType)
    {
        Requests.Add($"service {serviceType.Name}");
        return _services(serviceType);
    }
}
