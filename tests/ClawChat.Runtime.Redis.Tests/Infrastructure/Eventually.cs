using System.Diagnostics;

namespace ClawChat.Runtime.Redis.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; the failure says what was awaited.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string awaited)
    {
        var elapsed = Stopwatch.StartNew();
        Exception? last = null;
        while (elapsed.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex)
            {
                last = ex;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {awaited}. Last error: {last?.Message ?? "none"}");
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string awaited)
        => WaitUntilAsync(() => Task.FromResult(condition()), timeout, awaited);
}
