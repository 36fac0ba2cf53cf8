using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Ephemeral;

namespace ClawChat.Grains.Ephemeral;

/// <summary><c>m.presence</c> events as sync sends them (spec presence.yaml, DIGEST §16).</summary>
internal static class PresenceEvents
{
    /// <summary>A user counts as currently active when seen within this window.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(2);

    public static JsonElement Write(string userId, PresenceInfo info, long now)
    {
        var content = new JsonObject { ["presence"] = info.Presence };
        if (info.LastActiveTs > 0)
        {
            content["last_active_ago"] = Math.Max(0, now - info.LastActiveTs);
        }

        if (info.StatusMessage is not null)
        {
            content["status_msg"] = info.StatusMessage;
        }

        content["currently_active"] = info.CurrentlyActive;
        var presenceEvent = new JsonObject { ["type"] = "m.presence", ["sender"] = userId, ["content"] = content };
        return JsonSerializer.SerializeToElement(presenceEvent);
    }
}
