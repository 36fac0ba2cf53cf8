using ClawChat.Grains.Bots.Backends;

namespace ClawChat.Grains.Bots;

/// <summary>Builds the model context: the system prompt, then as much recent history as fits the token budget,
/// newest kept first. Tokens are estimated at ~4 characters each plus a small per-message overhead (close enough for
/// English and code with GPT-style tokenizers; the budget is a bound on cost and context size, not an exact fit).</summary>
internal static class BotContext
{
    internal const int CharsPerToken = 4;
    internal const int MessageOverheadTokens = 4;

    public static int EstimateTokens(string text) => (text.Length + CharsPerToken - 1) / CharsPerToken + MessageOverheadTokens;

    /// <param name="history">Oldest first; the last entry is the prompt, which is always kept (cut to the budget).</param>
    public static List<ChatMessage> Build(string? systemPrompt, IReadOnlyList<ChatMessage> history, int budgetTokens)
    {
        var result = new List<ChatMessage>(history.Count + 1);
        var remaining = budgetTokens;
        if (!string.IsNullOrWhiteSpace(systemPrompt))
        {
            result.Add(new ChatMessage(ChatRole.System, systemPrompt));
            remaining -= EstimateTokens(systemPrompt);
        }

        var kept = new List<ChatMessage>();
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var message = history[i];
            var cost = EstimateTokens(message.Content);
            if (cost <= remaining)
            {
                kept.Add(message);
                remaining -= cost;
                continue;
            }

            if (kept.Count == 0)
            {
                // The prompt alone exceeds the budget: keep its beginning.
                var chars = Math.Max(CharsPerToken, (remaining - MessageOverheadTokens) * CharsPerToken);
                kept.Add(message with { Content = message.Content[..Math.Min(chars, message.Content.Length)] });
            }

            break;
        }

        kept.Reverse();
        result.AddRange(kept);
        return result;
    }
}
