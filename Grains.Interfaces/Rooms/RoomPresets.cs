namespace ClawChat.Grains.Interfaces.Rooms;

/// <summary><c>/createRoom</c> presets (DIGEST §5).</summary>
public static class RoomPresets
{
    public const string PrivateChat = "private_chat";
    public const string PublicChat = "public_chat";
    public const string TrustedPrivateChat = "trusted_private_chat";

    public static bool IsKnown(string? preset) => preset is PrivateChat or PublicChat or TrustedPrivateChat;
}
