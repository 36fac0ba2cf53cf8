using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class NotifierGrain : Grain, INotifierGrain
{
    private readonly List<IWaiter> _waiters = [];

    public Task SubscribeAsync(IWaiter waiter)
    {
        _waiters.Add(waiter);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string message)
    {
        foreach (var waiter in _waiters)
        {
            waiter.WakeAsync(message);
        }

        return Task.CompletedTask;
    }
}
