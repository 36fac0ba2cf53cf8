namespace ClawChat.Grains.Bots.Crypto;

/// <summary>Persisted state of a <see cref="BotCryptoGrain"/>. Every pickle holds private keys, encrypted with
/// <see cref="PickleKey"/>: never log any of it. Bounded: <see cref="BotCryptoGrain.MaxSessionsPerPeer"/> Olm sessions
/// per peer device and <see cref="BotCryptoGrain.MaxInboundSessions"/> inbound Megolm sessions.</summary>
public sealed class BotCryptoState
{
    /// <summary>The key the pickles are encrypted with (random, base64).</summary>
    public string? PickleKey { get; set; }

    /// <summary>The pickled Olm account, or null before the device exists.</summary>
    public string? Account { get; set; }

    /// <summary>Whether the device keys (and the fallback key) were uploaded.</summary>
    public bool DeviceKeysUploaded { get; set; }

    /// <summary>Peer device Curve25519 key → pickled Olm sessions, most recently used first.</summary>
    public Dictionary<string, List<string>> Sessions { get; set; } = [];

    /// <summary><c>roomId|senderKey|sessionId</c> → pickled inbound Megolm session.</summary>
    public Dictionary<string, string> InboundSessions { get; set; } = [];

    /// <summary>Room ID → the room's outbound Megolm session.</summary>
    public Dictionary<string, BotOutboundSession> Outbound { get; set; } = [];

    /// <summary>The to-device inbox position processed through (the next take acknowledges it).</summary>
    public long ToDevicePosition { get; set; }
}
