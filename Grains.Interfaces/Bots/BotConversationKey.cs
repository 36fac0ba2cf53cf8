namespace ClawChat.Grains.Interfaces.Bots;

/// <summary>The key of <see cref="IBotConversationGrain"/>: <c>botUserId|roomId</c> ('|' appears in neither ID).</summary>
public static class BotConversationKey
{
    public const char Separator = '|';

    public static string Format(string botUserId, string roomId) => botUserId + Separator + roomId;

    public static (string BotUserId, string RoomId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator > 0 && separator < key.Length - 1
            ? (key[..separator], key[(separator + 1)..])
            : throw new FormatException($"'{key}' is not a bot conversation key (botUserId|roomId).");
    }
}
