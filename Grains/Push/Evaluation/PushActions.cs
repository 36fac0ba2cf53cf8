using System.Text.Json;

namespace ClawChat.Grains.Push.Evaluation;

/// <summary>
/// What a rule's actions mean (DIGEST §15): <c>notify</c>, and <c>set_tweak</c> objects (<c>highlight</c> with
/// no value means true). The legacy <c>dont_notify</c> and <c>coalesce</c> are ignored (an action list holding
/// only them does nothing), as are actions this server does not know.
/// </summary>
internal sealed class PushActions
{
    private static readonly Dictionary<string, JsonElement> NoTweaks = new(StringComparer.Ordinal);
    private static readonly JsonElement True = JsonSerializer.SerializeToElement(true);

    private PushActions(JsonElement raw, bool notify, IReadOnlyDictionary<string, JsonElement> tweaks)
    {
        Raw = raw;
        Notify = notify;
        Tweaks = tweaks;
    }

    /// <summary>The rule's actions as stored.</summary>
    public JsonElement Raw { get; }

    public bool Notify { get; }

    /// <summary>Tweak name → value (e.g. <c>sound</c> → "default", <c>highlight</c> → true).</summary>
    public IReadOnlyDictionary<string, JsonElement> Tweaks { get; }

    public bool Highlight => Tweaks.TryGetValue("highlight", out var value) && value.ValueKind == JsonValueKind.True;

    public string? Sound => Tweaks.TryGetValue("sound", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static PushActions Parse(JsonElement actions)
    {
        var raw = actions.Clone();
        if (raw.ValueKind != JsonValueKind.Array)
        {
            return new PushActions(raw, false, NoTweaks);
        }

        var notify = false;
        Dictionary<string, JsonElement>? tweaks = null;
        foreach (var action in raw.EnumerateArray())
        {
            if (action.ValueKind == JsonValueKind.String)
            {
                notify |= action.ValueEquals("notify");
            }
            else if (action.ValueKind == JsonValueKind.Object
                && action.TryGetProperty("set_tweak", out var name) && name.ValueKind == JsonValueKind.String)
            {
                tweaks ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                var tweak = name.GetString()!;
                tweaks[tweak] = action.TryGetProperty("value", out var value) ? value : True;
            }
        }

        return new PushActions(raw, notify, (IReadOnlyDictionary<string, JsonElement>?)tweaks ?? NoTweaks);
    }
}
