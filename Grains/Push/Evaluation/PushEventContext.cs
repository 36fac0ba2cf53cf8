using System.Text.Json;
using ClawChat.Matrix.Auth;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>Everything push rule conditions look at for one event and one recipient (DIGEST §15).</summary>
internal sealed class PushEventContext
{
    /// <summary>The recipient.</summary>
    public required string UserId { get; init; }

    public required string RoomId { get; init; }

    /// <summary>The client-format event.</summary>
    public required JsonElement Event { get; init; }

    /// <summary>The recipient's display name in the room (<c>contains_display_name</c>).</summary>
    public string? UserDisplayName { get; init; }

    /// <summary>Joined members of the room (<c>room_member_count</c>).</summary>
    public int MemberCount { get; init; }

    /// <summary>False until the room's power levels were looked up: a <c>sender_notification_permission</c>
    /// condition then stops evaluation with <see cref="PushEvaluation.NeedsPowerLevels"/>, so the levels are only
    /// fetched for the rare events that reach such a condition (an <c>@room</c> mention).</summary>
    public bool PowerLevelsKnown { get; init; }

    /// <summary>The room's power levels; null when they could not be determined (the condition then fails).</summary>
    public PowerLevels? PowerLevels { get; init; }

    public string? Sender =>
        Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty("sender", out var sender) && sender.ValueKind == JsonValueKind.String
            ? sender.GetString()
            : null;
}
