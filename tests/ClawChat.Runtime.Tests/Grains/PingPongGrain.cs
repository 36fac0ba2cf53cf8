using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class PingPongGrain : Grain, IPingPongGrain
{
    public async Task<string> StartAsync(string other, bool allowChainReentrancy)
    {
        using var scope = allowChainReentrancy ? RequestContext.AllowCallChainReentrancy() : null;
        return await GrainFactory.GetGrain<IPingPongGrain>(other).PingBackAsync(GetPrimaryKeyString());
    }

    public Task<string> PingBackAsync(string caller) => GrainFactory.GetGrain<IPingPongGrain>(caller).PongAsync();

    public Task<string> PongAsync() => Task.FromResult("pong from " + GetPrimaryKeyString());
}
