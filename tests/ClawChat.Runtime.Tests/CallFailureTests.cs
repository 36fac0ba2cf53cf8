using ClawChat.Runtime.Tests.Grains;
using Xunit;

namespace ClawChat.Runtime.Tests;

public sealed class CallFailureTests
{
    [Fact]
    public async Task ExceptionThrownAfterAwait_ReachesCaller_WithTypeAndMessage()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());

        var error = await Assert.ThrowsAsync<FaultyGrainException>(() => grain.ThrowAsync("room is gone"));

        Assert.Equal("room is gone", error.Message);
    }

    [Fact]
    public async Task ExceptionThrownSynchronously_ReachesCaller_AndGrainKeepsWorking()
    {
        await using var silo = new TestSilo();
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSynchronously("bad input"));

        Assert.Equal("bad input", error.Message);
        Assert.Equal(5, await grain.HangAsync(5));
    }

    [Fact]
    public async Task Call_TimesOut_AtTheSiloResponseTimeout()
    {
        await using var silo = new TestSilo(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(200));
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.HangAsync(5000));

        Assert.InRange(stopwatch.ElapsedMilliseconds, 150, 3000);
        Assert.Contains("HangAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseTimeoutAttribute_OverridesTheSiloDefault()
    {
        await using var silo = new TestSilo(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => grain.HangWithShortTimeoutAsync(5000));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"timed out after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task GrainCancellationToken_IsCancelledAtTheDeadline()
    {
        await using var silo = new TestSilo(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        var grain = silo.Factory.GetGrain<IFaultyGrain>(TestSilo.NewKey());
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await grain.WaitForDeadlineAsync(CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // The caller may give up at the same instant; what matters is that the grain was released.
        }

        // The grain's request ended (its token fired at the 0.3 s deadline), so the activation serves the
        // next request long before the silo's 30 s default would have released it.
        Assert.Equal(1, await grain.HangAsync(1));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the grain was held for {stopwatch.Elapsed}");
    }
}
