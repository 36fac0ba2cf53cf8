using ClawChat.Runtime;

namespace ClawChat.Runtime.Tests.Grains;

public sealed class FaultyGrainException(string message) : Exception(message);

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new FaultyGrainException(message);
    }

    public Task<int> ThrowSynchronously(string message) => throw new InvalidOperationException(message);

    public async Task<int> HangAsync(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return milliseconds;
    }

    public Task<int> HangWithShortTimeoutAsync(int milliseconds) => HangAsync(milliseconds);

    public Task<bool> WaitForDeadlineAsync(CancellationToken cancellationToken) => WaitForCancellationAsync(cancellationToken);

    public async Task<bool> WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
