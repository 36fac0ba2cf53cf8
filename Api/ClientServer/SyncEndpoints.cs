using System.Globalization;
using System.Text.Json;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClawChat.Api.ClientServer;

/// <summary><c>GET /sync</c> (DIGEST §6, spec sync.yaml): parameters are parsed and checked here, the filter is
/// resolved (stored ID or inline JSON), presence is updated from <c>set_presence</c>, and the user's sync grain
/// does the rest (long-poll included).</summary>
public static class SyncEndpoints
{
    /// <summary>Longest long-poll honoured; clients ask for 30 s typically, proxies cut idle requests near 60 s.</summary>
    public const int MaxTimeoutMs = 60_000;

    /// <summary>Maps every endpoint of the sync area (one line in <c>MapEndpoints</c>).</summary>
    public static IEndpointRouteBuilder MapSyncAreaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSyncEndpoints();
        endpoints.MapFilterEndpoints();
        endpoints.MapAccountDataEndpoints();
        endpoints.MapTagEndpoints();
        endpoints.MapReceiptEndpoints();
        endpoints.MapReadMarkerEndpoints();
        endpoints.MapTypingEndpoints();
        endpoints.MapPresenceEndpoints();
        return endpoints;
    }

    public static IEndpointRouteBuilder MapSyncEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// GET /_matrix/client/v3/sync
        endpoints.MapGet("/_matrix/client/v3/sync", async (HttpContext context, IGrainFactory grains) =>
        {
            var requester = context.GetRequester();
            var userId = requester.UserId.Value;
            var query = context.Request.Query;
            var since = query["since"].ToString();
            var timeout = ParseTimeout(query["timeout"].ToString());
            var fullState = SyncHttp.ParseBool(context, "full_state", fallback: false);
            var setPresence = query["set_presence"].ToString();
            if (setPresence.Length > 0 && !PresenceStates.IsValid(setPresence))
            {
                throw MatrixException.InvalidParam("'set_presence' must be 'online', 'unavailable' or 'offline'.");
            }

            var filter = await ResolveFilterAsync(grains, userId, query["filter"].ToString());
            var presenceEnabled = SyncHttp.PresenceEnabled(context);
            if (presenceEnabled)
            {
                await grains.GetGrain<IPresenceGrain>(userId).SetAsync(setPresence.Length > 0 ? setPresence : PresenceStates.Online, null, fromSync: true);
            }

            var request = new SyncRequest(requester.DeviceId, since.Length > 0 ? since : null, timeout, fullState, filter, presenceEnabled);
            // A waiting long-poll ends when the client goes away or the silo starts stopping (so shutdown does not
            // wait out every open long-poll).
            var lifetime = context.RequestServices.GetService<IHostApplicationLifetime>();
            using var abort = lifetime is null
                ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted)
                : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var body = await grains.GetGrain<ISyncGrain>(userId).SyncAsync(request, abort.Token);
            return Results.Text(body, "application/json");
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary><c>timeout</c> in ms (default 0), capped at <see cref="MaxTimeoutMs"/>.</summary>
    private static int ParseTimeout(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? (int)Math.Min(ms, MaxTimeoutMs)
            : throw MatrixException.InvalidParam("'timeout' must be a non-negative integer.");
    }

    /// <summary>The <c>filter</c> parameter: inline JSON when it starts with <c>{</c>, else a stored filter ID (DIGEST §6).</summary>
    private static async Task<SyncFilter> ResolveFilterAsync(IGrainFactory grains, string userId, string value)
    {
        if (value.Length == 0)
        {
            return SyncFilter.None;
        }

        if (value[0] == '{')
        {
            JsonElement inline;
            try
            {
                using var document = JsonDocument.Parse(value);
                inline = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw MatrixException.BadJson("'filter' is not valid JSON.");
            }

            return SyncFilterParser.Parse(inline);
        }

        var stored = await grains.GetGrain<IUserFiltersGrain>(userId).GetAsync(value)
            ?? throw MatrixException.InvalidParam("Unknown filter ID.");
        return SyncFilterParser.Parse(stored);
    }
}
