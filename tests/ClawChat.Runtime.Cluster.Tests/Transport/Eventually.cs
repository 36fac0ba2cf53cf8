using System.Diagnostics;

namespace ClawChat.Runtime.Cluster.Tests.Transport;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time; the failure names what was awaited.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
