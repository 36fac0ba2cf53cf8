using ClawChat.Runtime.Generators.Tests.Infrastructure;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Generators.Tests;

public sealed class GrainClassRegistrationTests : IClassFixture<SampleAssemblyFixture>
{
    private readonly SampleAssemblyFixture _sample;

    public GrainClassRegistrationTests(SampleAssemblyFixture sample)
    {
        _sample = sample;
    }

    [Fact]
    public void ConcreteGrainClasses_AreRegistered_AbstractOnesAreNot()
    {
        var names = GrainRegistry.GetClasses(_sample.Assembly).Select(c => c.GrainClass.Name).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "CounterGrain", "PartialGrain" }, names);
    }

    [Fact]
    public void Factory_ResolvesPersistentStateAndServices_InConstructorOrder()
    {
        var descriptor = GrainRegistry.GetClasses(_sample.Assembly).Single(c => c.GrainClass.Name == "CounterGrain");
        var context = new FakeActivationContext(t => t.Name == "IClock" ? Activator.CreateInstance(_sample.Type("My.Ns.Clock")) : null);

        // Grain's constructor refuses to run outside the runtime's activation path, but the arguments
        // have been resolved before it runs: that is what this test checks.
        _ = Record.Exception(() => descriptor.Factory(context));

        Assert.Equal(new[] { "state CounterState counter pg", "service IClock", "state List`1 log <default>" }, context.Requests);
    }
}
