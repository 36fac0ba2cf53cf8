using System.Diagnostics;

namespace ClawChat.Runtime.Cluster.Tests.Membership;

/// <summary>Waits for a condition with a deadline; the failure says what was awaited (no fixed sleeps).</summary>
public static class Eventually
{
    public static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string awaited)
    {
        var elapsed = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return elapsed.Elapsed;
                }
            }
            catch (Exception ex)
            {
                last = ex;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {awaited}. Last error: {last?.Message ?? "none"}");
            }

            await Task.Delay(10);
        }
    }

    public static Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string awaited)
        => WaitUntilAsync(() => Task.FromResult(condition()), timeout, awaited);
}
