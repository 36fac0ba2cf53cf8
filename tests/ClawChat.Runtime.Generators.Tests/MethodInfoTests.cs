using ClawChat.Runtime.Generators.Tests.Infrastructure;
using ClawChat.Runtime.Invocation;

namespace ClawChat.Runtime.Generators.Tests;

public sealed class MethodInfoTests : IClassFixture<SampleAssemblyFixture>
{
    private readonly SampleAssemblyFixture _sample;

    public MethodInfoTests(SampleAssemblyFixture sample)
    {
        _sample = sample;
    }

    [Fact]
    public void Attributes_BecomeFlags_AndTimeout()
    {
        var info = _sample.Method("My.Ns.ICalcGrain", "PeekAsync").Method;

        Assert.Equal(MethodFlags.ReadOnly | MethodFlags.AlwaysInterleave, info.Flags);
        Assert.Equal(TimeSpan.FromSeconds(90), info.ResponseTimeout);
    }

    [Fact]
    public void MethodWithoutAttributes_HasNoFlags_AndDefaultTimeout()
    {
        var info = _sample.Method("My.Ns.ICalcGrain", "ResetAsync").Method;

        Assert.Equal(MethodFlags.None, info.Flags);
        Assert.Null(info.ResponseTimeout);
    }

    [Theory]
    [InlineData("NotifyAsync")]
    [InlineData("NotifyValueAsync")]
    public void OneWayAttribute_SetsOneWayFlag(string method)
    {
        Assert.True(_sample.Method("My.Ns.ICalcGrain", method).Method.IsOneWay);
    }

    [Fact]
    public void CancellationTokenParameter_SetsHasCancellation()
    {
        Assert.Equal(MethodFlags.HasCancellation, _sample.Method("My.Ns.ICalcGrain", "WaitAsync").Method.Flags);
    }

    [Fact]
    public void InheritedMethods_AreIncluded_UnderTheDerivedInterface()
    {
        var descriptor = _sample.Interface("My.Ns.ICalcGrain");
        var echo = Assert.Single(descriptor.Methods, m => m.Method.MethodName == "EchoAsync");

        Assert.Equal(12, descriptor.Methods.Count);
        Assert.Equal("My.Ns.ICalcGrain", echo.Method.InterfaceName);
        Assert.Equal(descriptor.InterfaceId, echo.Method.InterfaceId);
    }

    [Fact]
    public void MethodsOfNonGrainBaseInterfaces_AreIncluded()
    {
        var names = _sample.Interface("My.Ns.IBothGrain").Methods.Select(m => m.Method.MethodName).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "CountAsync", "NameAsync", "NameAsync" }, names);
    }

    [Fact]
    public void Request_ExposesTheSameStaticMethodInfo()
    {
        var descriptor = _sample.Method("My.Ns.ICalcGrain", "ResetAsync");
        var request = (GrainRequest)Activator.CreateInstance(descriptor.RequestType)!;

        Assert.Same(descriptor.Method, request.Method);
    }

    [Fact]
    public void ObserverInterfaces_AreRegistered()
    {
        var method = Assert.Single(_sample.Interface("My.Ns.IWatcher").Methods);

        Assert.Equal(("OnEventAsync", MethodFlags.OneWay), (method.Method.MethodName, method.Method.Flags));
    }
}
