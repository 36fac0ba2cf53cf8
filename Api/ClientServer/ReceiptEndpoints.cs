using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.AccountData;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Sync;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClawChat.Api.ClientServer;

/// <summary>Receipts (DIGEST §16, spec receipts.yaml): <c>m.read</c> (shown to the room), <c>m.read.private</c>
/// (shown only to its owner), both optionally threaded, and <c>m.fully_read</c> (the read marker, stored as room
/// account data). The user must be joined and the event visible to them.</summary>
public static class ReceiptEndpoints
{
    public static IEndpointRouteBuilder MapReceiptEndpoints(this IEndpointRouteBuilder endpoints)
    {
        /// POST /_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}
        endpoints.MapPost("/_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}", async (HttpContext context, IGrainFactory grains, string roomId, string receiptType, string eventId) =>
        {
            var userId = context.GetRequester().UserId.Value;
            var room = RoomHttp.ParseRoomId(roomId);
            if (receiptType is not (ReceiptTypes.Read or ReceiptTypes.ReadPrivate or ReceiptTypes.FullyRead))
            {
                throw MatrixException.InvalidParam($"Unknown receipt type '{receiptType}'.");
            }

            var body = await JsonBody.ReadObjectAsync(context);
            var threadId = body.GetOptionalString("thread_id");
            if (threadId is not null && (receiptType == ReceiptTypes.FullyRead || !(threadId == "main" || threadId.StartsWith('$'))))
            {
                throw MatrixException.InvalidParam("'thread_id' must be \"main\" or a thread root event ID, and is not allowed for m.fully_read.");
            }

            await RequireJoinedAsync(grains, room, userId);
            await SetAsync(grains, SyncHttp.Time(context), userId, room, receiptType, eventId, threadId);
            return MatrixResults.Empty;
        }).RequireAccessToken();

        return endpoints;
    }

    /// <summary>Receipts and read markers need a joined member (403 otherwise).</summary>
    internal static async Task RequireJoinedAsync(IGrainFactory grains, string roomId, string userId)
    {
        if (await grains.Room(roomId).GetMembershipAsync(userId) != Membership.Join)
        {
            throw MatrixException.Forbidden("You are not joined to this room.");
        }
    }

    /// <summary>Records one receipt or the read marker; 404 M_NOT_FOUND when the event is unknown or invisible.</summary>
    internal static async Task SetAsync(IGrainFactory grains, TimeProvider time, string userId, string roomId, string receiptType, string eventId, string? threadId)
    {
        var position = await grains.GetGrain<IRoomSyncReader>(roomId).GetEventPositionAsync(userId, eventId)
            ?? throw MatrixException.NotFound("Event not found.");
        if (receiptType == ReceiptTypes.FullyRead)
        {
            var content = JsonSerializer.SerializeToElement(new JsonObject { ["event_id"] = eventId });
            await grains.GetGrain<IAccountDataGrain>(userId).SetAsync(roomId, AccountDataTypes.FullyRead, content);
            return;
        }

        await grains.GetGrain<IRoomEphemeralGrain>(roomId).SetReceiptAsync(
            new ReceiptUpdate(userId, receiptType, eventId, position, threadId, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }
}
