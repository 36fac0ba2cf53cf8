using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ClawChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Tests.Push;

/// <summary>A push gateway on a loopback port (real Kestrel) serving <c>POST /_matrix/push/v1/notify</c>: it records
/// every request with its arrival time, can hold answers back, answers 500 to the next <see cref="FailNext"/> requests, and reports the
/// pushkeys in <see cref="Rejected"/> as rejected (spec push_notifier.yaml).</summary>
public sealed class TestPushGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GatewayRequest> _requests = new();
    private int _failNext;
    private volatile TaskCompletionSource _gate = Completed();

    private TestPushGateway(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The URL to register in pushers.</summary>
    public string NotifyUrl { get; private set; } = "";

    public ConcurrentBag<string> Rejected { get; } = [];

    public IReadOnlyList<GatewayRequest> Requests => [.. _requests];

    /// <summary>From now on requests are recorded but not answered until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>The next <paramref name="count"/> requests get HTTP 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public static async Task<TestPushGateway> StartAsync()
    {
        var app = LoopbackHost.CreateBuilder().Build();
        var gateway = new TestPushGateway(app);
        app.MapPost("/_matrix/push/v1/notify", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            var failed = Interlocked.Decrement(ref gateway._failNext) >= 0;
            gateway._requests.Enqueue(new GatewayRequest(document.RootElement.Clone(), context.Request.ContentType, Stopwatch.GetTimestamp(), failed));
            await gateway._gate.Task;
            if (failed)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            var pushkeys = document.RootElement.GetProperty("notification").GetProperty("devices").EnumerateArray()
                .Select(d => d.GetProperty("pushkey").GetString()!);
            return Results.Json(new { rejected = pushkeys.Where(gateway.Rejected.Contains).ToArray() });
        });
        await app.StartAsync();
        gateway.NotifyUrl = LoopbackHost.BaseAddress(app) + "/_matrix/push/v1/notify";
        return gateway;
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }

    /// <summary>Waits until a request satisfies <paramref name="predicate"/>; fails naming what was awaited.</summary>
    public async Task<GatewayRequest> WaitForAsync(Func<GatewayRequest, bool> predicate, string awaited, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (_requests.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutMs} ms waiting for the push gateway to receive {awaited}; got {_requests.Count} requests.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
