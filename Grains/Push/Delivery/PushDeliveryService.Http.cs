using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Push.Delivery;

/// <summary>Talking to push gateways: one POST per gateway and body format, retried on network errors,
/// timeouts, 5xx and 429; other answers are final. The pusher URL's host must resolve to allowed addresses only.</summary>
internal sealed partial class PushDeliveryService
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private async Task DeliverAsync(PushDeliveryJob job, CancellationToken cancellationToken)
    {
        var pushers = job.Pushers
            .Where(p => p.Kind == PusherValidation.HttpKind && PushGatewayBody.UrlOf(p) is not null)
            .ToList();
        if (pushers.Count == 0)
        {
            return;
        }

        var notice = job.Notice;
        var details = notice.EventId is not null && notice.RoomId is not null && pushers.Any(p => !PushGatewayBody.IsEventIdOnly(p))
            ? await LookupDetailsAsync(job.UserId, notice).ConfigureAwait(false)
            : PushRoomDetails.None;
        var sends = pushers
            .GroupBy(p => (Url: PushGatewayBody.UrlOf(p)!, EventIdOnly: PushGatewayBody.IsEventIdOnly(p)))
            .Select(g => SendAsync(job.UserId, new Uri(g.Key.Url), [.. g], PushGatewayBody.Build(job.UserId, notice, details, [.. g], g.Key.EventIdOnly), cancellationToken));
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task SendAsync(string userId, Uri url, IReadOnlyList<Pusher> devices, byte[] body, CancellationToken cancellationToken)
    {
        var delay = _options.InitialRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, reason, rejected) = await PostOnceAsync(url, body, cancellationToken).ConfigureAwait(false);
            if (outcome == GatewayOutcome.Delivered)
            {
                Log.Delivered(_logger, url.Host, userId, devices.Count, attempt);
                await RemoveRejectedAsync(userId, url, devices, rejected).ConfigureAwait(false);
                return;
            }

            if (outcome == GatewayOutcome.Final || attempt >= _options.MaxDeliveryAttempts)
            {
                Log.GaveUp(_logger, url.Host, userId, attempt, reason);
                return;
            }

            Log.Retrying(_logger, url.Host, userId, attempt, reason, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    private async Task<(GatewayOutcome Outcome, string Reason, IReadOnlyList<string> Rejected)> PostOnceAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.GatewayTimeout);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonContentType;
            using var response = await _client.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                return (GatewayOutcome.Delivered, "ok", ReadRejected(text));
            }

            return (status == 429 || status >= 500 ? GatewayOutcome.Retry : GatewayOutcome.Final, $"HTTP {status}", []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (GatewayOutcome.Retry, "timed out", []);
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedGatewayException)
        {
            return (GatewayOutcome.Final, ex.InnerException.Message, []);
        }
        catch (HttpRequestException ex)
        {
            return (GatewayOutcome.Retry, ex.HttpRequestError.ToString(), []);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>The gateway's <c>rejected</c> pushkeys; an unreadable answer rejects nothing.</summary>
    private static IReadOnlyList<string> ReadRejected(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.Array)
            {
                return [.. rejected.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)];
            }
        }
        catch (JsonException)
        {
        }

        return [];
    }

    /// <summary>The spec: homeservers must stop sending to rejected pushkeys and remove their pushers.</summary>
    private async Task RemoveRejectedAsync(string userId, Uri url, IReadOnlyList<Pusher> devices, IReadOnlyList<string> rejected)
    {
        foreach (var pusher in devices.Where(d => rejected.Contains(d.Pushkey)))
        {
            Log.Rejected(_logger, url.Host, userId, pusher.AppId);
            await _grains.GetGrain<IPushersGrain>(userId).RemovePusherAsync(pusher.AppId, pusher.Pushkey).ConfigureAwait(false);
        }
    }

    /// <summary>Room name, canonical alias and the sender's display name, as the recipient may see them.</summary>
    private async Task<PushRoomDetails> LookupDetailsAsync(string userId, PushNotice notice)
    {
        try
        {
            var room = _grains.GetGrain<IRoomGrain>(notice.RoomId!);
            var sender = notice.Event is { } e && e.TryGetProperty("sender", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var name = await room.GetStateEventAsync(userId, EventTypes.Name, string.Empty).ConfigureAwait(false);
            var alias = await room.GetStateEventAsync(userId, EventTypes.CanonicalAlias, string.Empty).ConfigureAwait(false);
            var member = sender is null ? null : await room.GetStateEventAsync(userId, EventTypes.Member, sender).ConfigureAwait(false);
            return new PushRoomDetails(ContentString(name, "name"), ContentString(alias, "alias"), ContentString(member, "displayname"));
        }
#pragma warning disable CA1031 // Names are cosmetic: a push without them beats no push.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DetailsUnavailable(_logger, userId, notice.RoomId!, ex);
            return PushRoomDetails.None;
        }
    }

    private static string? ContentString(JsonElement? stateEvent, string name) =>
        stateEvent is { } e && e.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>Dials only allowed addresses, checked on what the name resolves to at connect time (so a DNS answer
    /// that changes after the pusher was set cannot reach an internal address).</summary>
    private ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        _addresses.ConnectAsync(context, reason => new BlockedGatewayException($"{reason}, which ClawChat:Push:AllowedNetworks does not allow"), cancellationToken);

    private enum GatewayOutcome
    {
        Delivered,
        Retry,
        Final,
    }
}
