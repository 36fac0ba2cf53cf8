using System.Runtime.CompilerServices;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClawChat.Api.ClientServer;

/// <summary>Helpers shared by the sync-area endpoints (sync, filters, account data, receipts, typing, presence, tags).</summary>
internal static class SyncHttp
{
    private static readonly ConditionalWeakTable<IConfiguration, PresenceOptions> PresenceByConfiguration = [];

    /// <summary>The requester's user ID, which must be <paramref name="userId"/> (DIGEST §16: "only your own user", 403).</summary>
    public static string RequireSelf(HttpContext context, string userId, string what)
    {
        var requester = context.GetRequester().UserId.Value;
        return string.Equals(requester, userId, StringComparison.Ordinal)
            ? requester
            : throw MatrixException.Forbidden($"You cannot {what} for other users.");
    }

    public static TimeProvider Time(HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary><c>ClawChat:Presence:Enabled</c> (default true), read once per configuration.</summary>
    public static bool PresenceEnabled(HttpContext context)
    {
        var configuration = context.RequestServices.GetService<IConfiguration>();
        if (configuration is null)
        {
            return true;
        }

        return PresenceByConfiguration.GetValue(configuration, static c =>
            c.GetSection(PresenceOptions.SectionName).Get<PresenceOptions>() ?? new PresenceOptions()).Enabled;
    }

    /// <summary>A boolean query parameter (<c>true</c>/<c>false</c>); absent is <paramref name="fallback"/>.</summary>
    public static bool ParseBool(HttpContext context, string name, bool fallback)
    {
        var value = context.Request.Query[name].ToString();
        return value switch
        {
            "" => fallback,
            "true" => true,
            "false" => false,
            _ => throw MatrixException.InvalidParam($"'{name}' must be 'true' or 'false'."),
        };
    }

    /// <summary>The filter with the requester's ignored users added to <c>not_senders</c>: their events are hidden
    /// from <c>/messages</c> and <c>/context</c> as from <c>/sync</c> (DIGEST §6, m.ignored_user_list).</summary>
    public static async Task<RoomEventFilter> WithoutIgnoredUsersAsync(IGrainFactory grains, string userId, RoomEventFilter filter)
    {
        var ignored = await grains.GetGrain<IAccountDataGrain>(userId).GetIgnoredUsersAsync();
        return ignored.Count == 0 ? filter : filter with { NotSenders = [.. filter.NotSenders ?? [], .. ignored] };
    }
}
