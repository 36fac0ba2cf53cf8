using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Api.Http;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.ClientServer;

/// <summary>Request parsing and response writing shared by the room endpoints.</summary>
internal static class RoomHttp
{
    /// <summary>Default <c>limit</c> of <c>/messages</c> and <c>/context</c> (DIGEST §8).</summary>
    public const int DefaultLimit = 10;

    /// <summary>A room ID from a path segment (already percent-decoded by routing); 400 M_INVALID_PARAM when malformed.</summary>
    public static string ParseRoomId(string value) =>
        RoomId.TryParse(value, out var roomId) ? roomId.Value : throw MatrixException.InvalidParam($"'{value}' is not a valid room ID.");

    public static IRoomGrain Room(this IGrainFactory grains, string roomId) => grains.GetGrain<IRoomGrain>(ParseRoomId(roomId));

    /// <summary>A user ID in a request body; M_MISSING_PARAM / M_INVALID_PARAM.</summary>
    public static string ReadUserId(JsonObject body, string name = "user_id")
    {
        var value = body.GetRequiredString(name);
        return UserId.TryParse(value, out var userId) ? userId.Value : throw MatrixException.InvalidParam($"'{name}' is not a valid user ID.");
    }

    /// <summary>A request body (JSON object) as event content.</summary>
    public static JsonElement ToContent(JsonObject body) => JsonSerializer.SerializeToElement(body);

    /// <summary>The requester's profile, copied into their join/knock events.</summary>
    public static async Task<UserProfile?> GetProfileAsync(IGrainFactory grains, string userId)
    {
        try
        {
            return await grains.GetGrain<IUserGrain>(userId).GetProfileAsync();
        }
        catch (MatrixException)
        {
            return null;
        }
    }

    /// <summary>After a profile change, sends updated join events with the new displayname/avatar_url to every
    /// room the user is joined to (DIGEST §16 profiles).</summary>
    public static async Task PropagateProfileAsync(IGrainFactory grains, string userId)
    {
        if (await grains.GetGrain<IUserGrain>(userId).GetProfileAsync() is { } profile)
        {
            await grains.GetGrain<IUserRoomsGrain>(userId).OnProfileChangedAsync(profile.DisplayName, profile.AvatarUrl);
        }
    }

    /// <summary>A pagination token (DIGEST §8): null when absent, 400 M_INVALID_PARAM when it is not one of ours.</summary>
    public static long? ParseToken(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return RoomStreamToken.TryParse(value, out var position)
            ? position
            : throw MatrixException.InvalidParam($"'{name}' is not a valid pagination token.");
    }

    /// <summary><c>limit</c>: a non-negative integer, or null when absent.</summary>
    public static int? ParseLimit(HttpContext context)
    {
        var value = context.Request.Query["limit"].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? int.MaxValue
                : throw MatrixException.InvalidParam("'limit' must be a non-negative integer.");
    }

    /// <summary>The <c>filter</c> query parameter: an inline RoomEventFilter (DIGEST §7); unknown fields are ignored.</summary>
    public static RoomEventFilter ParseFilter(HttpContext context)
    {
        var value = context.Request.Query["filter"].ToString();
        if (value.Length == 0)
        {
            return RoomEventFilter.None;
        }

        JsonObject filter;
        try
        {
            filter = JsonNode.Parse(value) as JsonObject ?? throw MatrixException.BadJson("'filter' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw MatrixException.BadJson("'filter' is not valid JSON.");
        }

        var limit = filter.GetOptionalInteger("limit");
        return new RoomEventFilter(
            filter.GetOptionalStringArray("types"),
            filter.GetOptionalStringArray("not_types"),
            filter.GetOptionalStringArray("senders"),
            filter.GetOptionalStringArray("not_senders"),
            filter.GetOptionalBool("contains_url"),
            filter.GetOptionalBool("lazy_load_members") ?? false,
            limit is null ? null : (int)Math.Clamp(limit.Value, 0, int.MaxValue));
    }

    /// <summary>A JSON response written straight from the grain's JSON elements.</summary>
    public static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Results.Bytes(buffer.WrittenSpan.ToArray(), "application/json");
    }

    public static void WriteArray(this Utf8JsonWriter writer, string name, IEnumerable<JsonElement> events)
    {
        writer.WriteStartArray(name);
        foreach (var e in events)
        {
            e.WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>A JSON array response (e.g. <c>GET /state</c>).</summary>
    public static IResult JsonArray(IEnumerable<JsonElement> items)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return Results.Bytes(buffer.WrittenSpan.ToArray(), "application/json");
    }

    /// <summary>One JSON value as the whole response body.</summary>
    public static IResult Raw(JsonElement value) => Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(value), "application/json");

    /// <summary><c>{"event_id": …}</c>.</summary>
    public static IResult EventId(SendEventResult result) => Json(w => w.WriteString("event_id", result.EventId));
}
