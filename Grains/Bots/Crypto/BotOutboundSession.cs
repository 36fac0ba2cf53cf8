namespace ClawChat.Grains.Bots.Crypto;

/// <summary>A room's outbound Megolm session and the devices that hold its key.</summary>
public sealed class BotOutboundSession
{
    public string Pickle { get; set; } = string.Empty;

    public string SessionId { get; set; } = string.Empty;

    public long CreatedTs { get; set; }

    public int Messages { get; set; }

    /// <summary>Devices the room key was sent to, as <c>userId|deviceId|curve25519</c>.</summary>
    public List<string> SharedWith { get; set; } = [];
}
