using System.Text;
using ClawChat.Grains.Interfaces.Bots;

namespace ClawChat.Grains.Bots;

/// <summary>Per-room settings by command (issue 7 §2): <c>!bot help</c>, <c>model</c>, <c>system</c>, <c>reset</c>,
/// <c>streaming</c>, <c>status</c>. Settings are persisted before the confirming notice is sent.</summary>
public sealed partial class BotConversationGrain
{
    internal const int MaxModelLength = 200;
    internal const int MaxSystemPromptLength = 8000;

    internal const string HelpText =
        "!bot commands: help · model [name] (show or set this room's model) · system [prompt|reset] (show, set or clear "
        + "this room's system prompt) · reset (forget the conversation so far) · streaming on|off · status";

    private async Task RunCommandAsync(BotRoomEvent e, BotMessage message)
    {
        var rest = message.Body!.Length > 4 ? message.Body[4..].Trim() : string.Empty;
        var space = rest.IndexOfAny([' ', '\n', '\t']);
        var verb = (space < 0 ? rest : rest[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : rest[(space + 1)..].Trim();
        var bot = _bot!;
        string reply;
        switch (verb)
        {
            case "model" when argument.Length == 0:
                reply = $"Model: {ModelOf(bot)}.";
                break;
            case "model" when argument.Length > MaxModelLength || argument.Any(char.IsWhiteSpace):
                reply = $"A model name is one word of at most {MaxModelLength} characters.";
                break;
            case "model":
                State.Model = argument;
                await SaveAsync();
                reply = $"Model set to {argument} for this room.";
                break;
            case "system" when argument.Length == 0:
                reply = (State.SystemPrompt ?? bot.SystemPrompt) is { Length: > 0 } prompt
                    ? $"System prompt{(State.SystemPrompt is null ? " (default)" : string.Empty)}: {prompt}"
                    : "No system prompt is set.";
                break;
            case "system" when argument.Equals("reset", StringComparison.OrdinalIgnoreCase):
                State.SystemPrompt = null;
                await SaveAsync();
                reply = "System prompt reset to the default.";
                break;
            case "system" when argument.Length > MaxSystemPromptLength:
                reply = $"A system prompt may be at most {MaxSystemPromptLength} characters.";
                break;
            case "system":
                State.SystemPrompt = argument;
                await SaveAsync();
                reply = "System prompt set for this room.";
                break;
            case "reset":
                State.ResetPosition = e.Position;
                State.ResetTs = e.OriginServerTs;
                await SaveAsync();
                reply = "Done: I have forgotten the conversation so far.";
                break;
            case "streaming" when argument.ToLowerInvariant() is "on" or "off":
                State.Streaming = argument.Equals("on", StringComparison.OrdinalIgnoreCase);
                await SaveAsync();
                reply = State.Streaming == true ? "Streaming on: answers appear as they are written." : "Streaming off: answers arrive whole.";
                break;
            case "streaming":
                reply = $"Streaming is {((State.Streaming ?? bot.Streaming) ? "on" : "off")}. Use !bot streaming on|off.";
                break;
            case "status":
                reply = StatusText(bot);
                break;
            default:
                reply = HelpText;
                break;
        }

        await SendNoticeAsync(reply, e.EventId, message.ThreadRoot);
    }

    private string StatusText(Interfaces.Configuration.BotOptions bot)
    {
        var text = new StringBuilder();
        text.Append("Model: ").Append(ModelOf(bot));
        text.Append(" · streaming ").Append((State.Streaming ?? bot.Streaming) ? "on" : "off");
        text.Append(" · system prompt ").Append(State.SystemPrompt is not null ? "set for this room" : bot.SystemPrompt is { Length: > 0 } ? "default" : "none");
        text.Append(" · ").Append(_current is null ? "idle" : "answering").Append(", ").Append(_queue.Count).Append(" waiting");
        if (State.ResetPosition > 0)
        {
            text.Append(" · history reset");
        }

        return text.ToString();
    }
}
