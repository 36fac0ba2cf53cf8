namespace ClawChat.Grains.Bots.Crypto;

/// <summary>A room key read from an Olm message, kept once its sender's device keys are checked.</summary>
/// <param name="Pickle">The inbound Megolm session, pickled (a secret).</param>
/// <param name="SenderKey">The Curve25519 key of the Olm sender.</param>
/// <param name="SenderEd25519">The Ed25519 key the Olm payload claims for the sender.</param>
internal sealed record PendingRoomKey(string Id, string RoomId, string SessionId, string Pickle, string Sender, string SenderKey, string SenderEd25519);
