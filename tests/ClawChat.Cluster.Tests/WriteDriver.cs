using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ClawChat.Cluster.Tests;

/// <summary>Sends messages round-robin over rooms and live silos. A send that fails is retried with the
/// same transaction id (idempotent per the spec) on another silo until acknowledged, so every event id
/// it records was acknowledged to the client.</summary>
internal sealed class WriteDriver(ClusterUser user, IReadOnlyList<string> rooms)
{
    private readonly ConcurrentQueue<(string Room, string EventId)> _acknowledged = new();
    private readonly ConcurrentDictionary<string, long> _lastSuccess = new();
    private int _failedAttempts;

    public IReadOnlyList<(string Room, string EventId)> Acknowledged => _acknowledged.ToList();

    public int FailedAttempts => _failedAttempts;

    public async Task RunAsync(Func<IReadOnlyList<SiloProcess>> liveSilos, CancellationToken cancellationToken)
    {
        var next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var room = rooms[next++ % rooms.Count];
            var txn = Guid.NewGuid().ToString("N");
            for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
            {
                var silos = liveSilos();
                var silo = silos[(next + attempt) % silos.Count];
                try
                {
                    var body = await user.SendAsync(silo, HttpMethod.Put, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/send/m.room.message/{txn}",
                        new JsonObject { ["msgtype"] = "m.text", ["body"] = "write " + txn }, TimeSpan.FromSeconds(10));
                    _acknowledged.Enqueue((room, body["event_id"]!.GetValue<string>()));
                    _lastSuccess[room] = Stopwatch.GetTimestamp();
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref _failedAttempts);
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }
    }

    public async Task WaitForWritesAsync(int count, TimeSpan timeout)
    {
        var target = _acknowledged.Count + count;
        var deadline = DateTime.UtcNow + timeout;
        while (_acknowledged.Count < target)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout} for {count} more acknowledged writes (have {_acknowledged.Count}, failed attempts {_failedAttempts})");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>For each room, the time until its first acknowledged write that started after now.</summary>
    public async Task<IReadOnlyList<TimeSpan>> WaitUntilEveryRoomWritesAgainAsync(TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        var result = new Dictionary<string, TimeSpan>();
        while (result.Count < rooms.Count)
        {
            foreach (var room in rooms)
            {
                if (!result.ContainsKey(room) && _lastSuccess.TryGetValue(room, out var at) && at > start)
                {
                    result[room] = Stopwatch.GetElapsedTime(start, at);
                }
            }

            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"rooms without a write after {timeout}: {string.Join(", ", rooms.Where(r => !result.ContainsKey(r)))}");
            }

            await Task.Delay(20);
        }

        return result.Values.ToList();
    }
}
