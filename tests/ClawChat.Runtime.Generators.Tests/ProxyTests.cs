using ClawChat.Runtime.Generators.Tests.Infrastructure;
using ClawChat.Runtime.Invocation;
using static ClawChat.Runtime.Generators.Tests.Infrastructure.ReflectionCalls;

namespace ClawChat.Runtime.Generators.Tests;

/// <summary>Drives generated proxies through a recording invoker that runs each request on an
/// implementation object, the way the runtime does for a local activation.</summary>
public sealed class ProxyTests : IClassFixture<SampleAssemblyFixture>
{
    private const string Calc = "My.Ns.ICalcGrain";
    private const string CalcImpl = "My.Ns.Calc";

    private readonly SampleAssemblyFixture _sample;

    public ProxyTests(SampleAssemblyFixture sample)
    {
        _sample = sample;
    }

    private Type CalcType => _sample.Type(Calc);

    [Fact]
    public async Task Proxy_PassesArguments_ToInvoker()
    {
        var (proxy, invoker, _) = _sample.Proxy(Calc, CalcImpl);

        await CallAsync(proxy, CalcType, "AddAsync", 2, 3);

        var request = Assert.Single(invoker.Requests);
        Assert.Equal((2, 3), ((int)Property(request, "A")!, (int)Property(request, "B")!));
        Assert.Same(proxy, Assert.Single(invoker.Targets));
    }

    [Fact]
    public async Task Proxy_ReturnsTheGrainResult()
    {
        var (proxy, _, _) = _sample.Proxy(Calc, CalcImpl);

        Assert.Equal(5, await CallAsync(proxy, CalcType, "AddAsync", 2, 3));
        Assert.Equal(9, await CallAsync(proxy, CalcType, "AddAsync", 2, 3, 4));
        Assert.Equal(42L, await CallAsync(proxy, CalcType, "TotalAsync"));
        Assert.Equal("hi", await CallAsync(proxy, CalcType, "EchoAsync", "hi"));
    }

    [Fact]
    public async Task Proxy_CompletesVoidMethods_AfterTheGrainRan()
    {
        var (proxy, _, target) = _sample.Proxy(Calc, CalcImpl);

        await CallAsync(proxy, CalcType, "ResetAsync");
        await CallAsync(proxy, CalcType, "PingAsync");

        Assert.Equal(new[] { "reset", "ping" }, (List<string>)Property(target, "Calls")!);
    }

    [Fact]
    public async Task Proxy_CarriesNullsCollectionsAndAwkwardParameterNames()
    {
        var (proxy, _, _) = _sample.Proxy(Calc, CalcImpl);

        Assert.Null(await CallAsync(proxy, CalcType, "PeekAsync", new object?[] { null }));
        Assert.Equal("m/c/7", await CallAsync(proxy, CalcType, "ClashAsync", "m", "c", 7));
        var list = (System.Collections.IList)(await CallAsync(proxy, CalcType, "ListAsync", new[] { 1, 2 }, 5L))!;
        Assert.Equal((2, "5"), ((int, string?))list[0]!);
    }

    [Theory]
    [InlineData("NotifyAsync", "notify:x")]
    [InlineData("NotifyValueAsync", "notify-value:x")]
    public async Task OneWayMethods_UseInvokeOneWay(string method, string expectedCall)
    {
        var (proxy, invoker, target) = _sample.Proxy(Calc, CalcImpl);

        await CallAsync(proxy, CalcType, method, "x");

        Assert.Empty(invoker.Requests);
        Assert.True(Assert.Single(invoker.OneWayRequests).Method.IsOneWay);
        Assert.Equal(new[] { expectedCall }, (List<string>)Property(target, "Calls")!);
    }

    [Fact]
    public async Task CancellationToken_OfTheCaller_BecomesCallerCancellation()
    {
        var (proxy, invoker, _) = _sample.Proxy(Calc, CalcImpl);
        using var cts = new CancellationTokenSource();

        await CallAsync(proxy, CalcType, "WaitAsync", 1, cts.Token);

        Assert.Equal(cts.Token, Assert.Single(invoker.Requests).CallerCancellation);
    }

    [Fact]
    public async Task CancellationToken_TheGrainSees_IsTheRequestToken()
    {
        var (proxy, invoker, target) = _sample.Proxy(Calc, CalcImpl);
        using var cts = new CancellationTokenSource();

        await CallAsync(proxy, CalcType, "WaitAsync", 1, cts.Token);

        Assert.Equal(invoker.RuntimeToken, (CancellationToken)Property(target, "ReceivedToken")!);
    }

    [Fact]
    public async Task SameNamedMethodsOfDifferentBaseInterfaces_ReachTheirOwnImplementation()
    {
        var (proxy, _, _) = _sample.Proxy("My.Ns.IBothGrain", "My.Ns.Both");

        Assert.Equal("first", await CallAsync(proxy, _sample.Type("My.Ns.IFirst"), "NameAsync"));
        Assert.Equal("second:3", await CallAsync(proxy, _sample.Type("My.Ns.ISecond"), "NameAsync", 3));
        Assert.Equal(7, await CallAsync(proxy, _sample.Type("My.Ns.IBothGrain"), "CountAsync"));
    }

    [Fact]
    public void Proxy_IsAGrainReference_ForTheGivenGrainId()
    {
        var grainId = new GrainId(new GrainType("calc"), "k1");
        var proxy = _sample.Interface(Calc).ProxyFactory(new RecordingInvoker(new object()), grainId);

        Assert.IsAssignableFrom(CalcType, proxy);
        Assert.Equal(grainId, proxy.GrainId);
    }

    [Fact]
    public async Task Request_InvokeUntyped_BoxesTheResult()
    {
        var descriptor = _sample.Method(Calc, "AddAsync", 2);
        var request = (GrainRequest)Activator.CreateInstance(descriptor.RequestType)!;
        descriptor.RequestType.GetProperty("A")!.SetValue(request, 20);
        descriptor.RequestType.GetProperty("B")!.SetValue(request, 22);

        Assert.Equal(42, await request.InvokeUntypedAsync(Activator.CreateInstance(_sample.Type(CalcImpl))!));
    }
}
