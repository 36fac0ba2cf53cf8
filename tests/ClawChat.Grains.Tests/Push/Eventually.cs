namespace ClawChat.Grains.Tests.Push;

/// <summary>Waits for a condition with a deadline instead of sleeping (one-way calls finish after the caller returns).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string awaited, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for: {awaited}");
            }

            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string awaited, int timeoutMs = 5000) =>
        TrueAsync(() => Task.FromResult(condition()), awaited, timeoutMs);
}
