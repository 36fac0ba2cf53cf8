using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Grains.Tests.E2ee;
using ClawChat.Grains.Tests.Rooms;

namespace ClawChat.Grains.Tests.Bots.Crypto;

/// <summary>The bot device's crypto grain against the real key, to-device and room grains, with a libolm client
/// (<see cref="TestPeer"/>) on the other side.</summary>
public sealed class BotCryptoGrainTests : IAsyncDisposable
{
    private readonly E2eeTestSilo _silo = new();
    private readonly string _botId = RoomsTestSilo.NewUserId("bot");
    private readonly string _userId = RoomsTestSilo.NewUserId("alice");
    private readonly TestPeer _peer;
    private string _roomId = string.Empty;

    public BotCryptoGrainTests()
    {
        _peer = new TestPeer(_userId, "PEER");
    }

    private IBotCryptoGrain Crypto => _silo.Factory.GetGrain<IBotCryptoGrain>(_botId);

    public async ValueTask DisposeAsync()
    {
        _peer.Dispose();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task EnsureDevice_UploadsSelfSignedDeviceKeys_OneTimeKeysAndAFallbackKey_Once()
    {
        await SetUpAsync();

        var keys = await Crypto.EnsureDeviceAsync();
        var again = await Crypto.EnsureDeviceAsync();

        var query = await _silo.Factory.GetGrain<IUserKeysGrain>(_botId).QueryAsync(_userId, null);
        Assert.True(PeerDevice.TryParse(_botId, BotCryptoGrain.DeviceId, query.DeviceKeys[BotCryptoGrain.DeviceId], out var device, out var reason), reason);
        Assert.Equal((keys.Curve25519, keys.Ed25519), (device.Curve25519, device.Ed25519));
        Assert.Equal(keys, again);
        var counts = await _silo.Factory.GetGrain<IUserKeysGrain>(_botId).GetKeyCountsAsync(BotCryptoGrain.DeviceId);
        Assert.Equal(BotCryptoGrain.OneTimeKeyTarget, counts.OneTimeKeyCounts["signed_curve25519"]);
        Assert.Contains("signed_curve25519", counts.UnusedFallbackKeyTypes);
    }

    [Fact]
    public async Task Encrypt_SharesTheRoomKeyOverOlm_SoThePeerDecrypts_AndKeepsRelationsInTheClear()
    {
        await SetUpAsync();
        var keys = await Crypto.EnsureDeviceAsync();
        var content = RoomFixture.Json("""{"msgtype":"m.text","body":"Hello 🦞","m.relates_to":{"m.in_reply_to":{"event_id":"$q"}}}""");

        var encrypted = await Crypto.EncryptAsync(_roomId, "m.room.message", content);
        var second = await Crypto.EncryptAsync(_roomId, "m.room.message", RoomFixture.Text("again"));

        Assert.Equal(BotCryptoGrain.MegolmAlgorithm, encrypted.Str("algorithm"));
        Assert.Equal(BotCryptoGrain.DeviceId, encrypted.Str("device_id"));
        Assert.Equal(keys.Curve25519, encrypted.Str("sender_key"));
        Assert.Equal("$q", encrypted.GetProperty("m.relates_to").GetProperty("m.in_reply_to").Str("event_id"));
        Assert.Equal(encrypted.Str("session_id"), second.Str("session_id"));

        var inbox = _silo.Factory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(_userId, "PEER"));
        var message = Assert.Single((await inbox.TakeAsync(0, 10)).Messages); // shared once, not per message
        Assert.Equal((_botId, "m.room.encrypted"), (message.Sender, message.Type));
        var payload = _peer.DecryptToDevice(message.Content);
        Assert.Equal("m.room_key", (string?)payload["type"]);
        Assert.Equal(_userId, (string?)payload["recipient"]);
        Assert.Equal(_peer.Ed25519, (string?)payload["recipient_keys"]!["ed25519"]);
        Assert.Equal(keys.Ed25519, (string?)payload["keys"]!["ed25519"]);
        Assert.Equal(_roomId, (string?)payload["content"]!["room_id"]);

        using var inbound = MegolmInboundSession.Create((string)payload["content"]!["session_key"]!);
        var plaintext = (JsonObject)JsonNode.Parse(inbound.Decrypt(encrypted.Str("ciphertext")!).Plaintext)!;
        Assert.Equal(("m.room.message", _roomId), ((string?)plaintext["type"], (string?)plaintext["room_id"]));
        Assert.Equal("Hello 🦞", (string?)plaintext["content"]!["body"]);
        Assert.Equal("again", (string?)JsonNode.Parse(inbound.Decrypt(second.Str("ciphertext")!).Plaintext)!["content"]!["body"]);
    }

    [Fact]
    public async Task Decrypt_ReadsTheRoomKeyFromTheInbox_AndStillDecryptsAfterARestart()
    {
        await SetUpAsync();
        var keys = await Crypto.EnsureDeviceAsync();
        using var megolm = MegolmOutboundSession.Create();
        await _peer.SendRoomKeyAsync(_silo.Factory, _roomId, megolm, _botId, BotCryptoGrain.DeviceId, keys.Curve25519, keys.Ed25519);
        var relation = new JsonObject { ["rel_type"] = "m.thread", ["event_id"] = "$root" };
        var first = _peer.EncryptRoomEvent(megolm, _roomId, "m.room.message", new JsonObject { ["msgtype"] = "m.text", ["body"] = "question?" });
        var wire = JsonNode.Parse(first.GetRawText())!.AsObject();
        wire["m.relates_to"] = relation;

        var decrypted = await Crypto.DecryptAsync(_roomId, JsonSerializer.SerializeToElement(wire));
        await _silo.RestartAsync();
        var later = await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(megolm, _roomId, "m.room.message", new JsonObject { ["msgtype"] = "m.text", ["body"] = "later" }));

        Assert.NotNull(decrypted);
        Assert.Equal(("m.room.message", "question?", _peer.Curve25519), (decrypted.Type, decrypted.Content.Str("body"), decrypted.SenderKey));
        Assert.Equal("$root", decrypted.Content.GetProperty("m.relates_to").Str("event_id")); // merged from the clear
        Assert.Equal("later", later?.Content.Str("body"));
    }

    [Fact]
    public async Task Decrypt_TopsOneTimeKeysUp_WhenAPreKeyMessageFindsThemLow()
    {
        await SetUpAsync();
        var keys = await Crypto.EnsureDeviceAsync();
        var bobKeys = _silo.Factory.GetGrain<IUserKeysGrain>(_botId);
        var claims = BotCryptoGrain.OneTimeKeyTarget - BotCryptoGrain.OneTimeKeyLow;
        for (var i = 0; i < claims; i++)
        {
            await bobKeys.ClaimAsync(new Dictionary<string, string> { [BotCryptoGrain.DeviceId] = "signed_curve25519" });
        }

        using var megolm = MegolmOutboundSession.Create();
        await _peer.SendRoomKeyAsync(_silo.Factory, _roomId, megolm, _botId, BotCryptoGrain.DeviceId, keys.Curve25519, keys.Ed25519);
        var before = (await bobKeys.GetKeyCountsAsync(BotCryptoGrain.DeviceId)).OneTimeKeyCounts["signed_curve25519"];

        var decrypted = await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(megolm, _roomId, "m.room.message", new JsonObject { ["msgtype"] = "m.text", ["body"] = "hi" }));

        Assert.Equal("hi", decrypted?.Content.Str("body"));
        Assert.Equal(BotCryptoGrain.OneTimeKeyLow - 1, before);
        Assert.Equal(BotCryptoGrain.OneTimeKeyTarget, (await bobKeys.GetKeyCountsAsync(BotCryptoGrain.DeviceId)).OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task Decrypt_ReturnsNull_ForUnknownSessions_OtherRooms_AndRoomKeysAddressedToSomeoneElseOrFromAnotherKey()
    {
        await SetUpAsync();
        var keys = await Crypto.EnsureDeviceAsync();
        using var unshared = MegolmOutboundSession.Create();
        using var misaddressed = MegolmOutboundSession.Create();
        using var forged = MegolmOutboundSession.Create();
        using var shared = MegolmOutboundSession.Create();
        using var stranger = OlmAccount.Create();
        await _peer.SendRoomKeyAsync(_silo.Factory, _roomId, misaddressed, _botId, BotCryptoGrain.DeviceId, keys.Curve25519, keys.Ed25519, recipient: "@someone:test.local");
        await _peer.SendRoomKeyAsync(_silo.Factory, _roomId, forged, _botId, BotCryptoGrain.DeviceId, keys.Curve25519, keys.Ed25519, claimedEd25519: stranger.IdentityKeys().Ed25519);
        await _peer.SendRoomKeyAsync(_silo.Factory, _roomId, shared, _botId, BotCryptoGrain.DeviceId, keys.Curve25519, keys.Ed25519);
        var text = new JsonObject { ["msgtype"] = "m.text", ["body"] = "x" };

        Assert.Null(await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(unshared, _roomId, "m.room.message", (JsonObject)text.DeepClone())));
        Assert.Null(await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(misaddressed, _roomId, "m.room.message", (JsonObject)text.DeepClone())));
        Assert.Null(await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(forged, _roomId, "m.room.message", (JsonObject)text.DeepClone())));
        Assert.Null(await Crypto.DecryptAsync(RoomsTestSilo.NewRoomId(), _peer.EncryptRoomEvent(shared, _roomId, "m.room.message", (JsonObject)text.DeepClone())));
        Assert.Null(await Crypto.DecryptAsync(_roomId, RoomFixture.Json("""{"algorithm":"m.megolm.v1.aes-sha2","sender_key":"x","session_id":"y","ciphertext":"garbage"}""")));
        Assert.NotNull(await Crypto.DecryptAsync(_roomId, _peer.EncryptRoomEvent(shared, _roomId, "m.room.message", (JsonObject)text.DeepClone())));
    }

    [Fact]
    public async Task Encrypt_SharesTheKeyWithANewMember_AndRotatesWhenAMemberLeaves()
    {
        await SetUpAsync();
        var bobId = RoomsTestSilo.NewUserId("bob");
        using var bob = new TestPeer(bobId, "BOBDEV");
        await _silo.Factory.GetGrain<IUserGrain>(bobId).CreateAsync(new CreateAccountRequest(null, false, "Bob", new NewDeviceRequest("BOBDEV", null, null)));
        await bob.UploadKeysAsync(_silo.Factory, 2);
        var room = _silo.Factory.GetGrain<IRoomGrain>(_roomId);
        var bobInbox = _silo.Factory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(bobId, "BOBDEV"));
        var aliceInbox = _silo.Factory.GetGrain<IToDeviceInboxGrain>(ToDeviceInbox.Key(_userId, "PEER"));

        var before = await Crypto.EncryptAsync(_roomId, "m.room.message", RoomFixture.Text("one"));
        await room.UpdateMembershipAsync(new MembershipCommand(_userId, bobId, MembershipAction.Invite));
        await room.UpdateMembershipAsync(new MembershipCommand(bobId, bobId, MembershipAction.Join));
        var joined = await Crypto.EncryptAsync(_roomId, "m.room.message", RoomFixture.Text("two"));
        var bobKey = Assert.Single((await bobInbox.TakeAsync(0, 10)).Messages);
        await room.UpdateMembershipAsync(new MembershipCommand(bobId, bobId, MembershipAction.Leave));
        var left = await Crypto.EncryptAsync(_roomId, "m.room.message", RoomFixture.Text("three"));

        Assert.Equal(before.Str("session_id"), joined.Str("session_id"));
        Assert.Equal(joined.Str("session_id"), (string?)bob.DecryptToDevice(bobKey.Content)["content"]!["session_id"]);
        Assert.NotEqual(joined.Str("session_id"), left.Str("session_id"));
        Assert.Empty((await bobInbox.TakeAsync(1, 10)).Messages); // the key of what follows never reaches bob
        var aliceKeys = (await aliceInbox.TakeAsync(0, 10)).Messages.Select(m => (string?)_peer.DecryptToDevice(m.Content)["content"]!["session_id"]).ToList();
        Assert.Equal([before.Str("session_id"), left.Str("session_id")], aliceKeys);
    }

    [Fact]
    public async Task Provisioning_AddsTheBotDevice_WithoutAnAccessToken_AlsoToAnExistingAccount()
    {
        var user = _silo.Factory.GetGrain<IUserGrain>(_botId);
        await user.CreateAsync(new CreateAccountRequest(null, false, "Bot", null));

        await ClawChat.Grains.Bots.BotProvisioningService.EnsureAccountAsync(_silo.Factory, new() { UserId = _botId });
        await ClawChat.Grains.Bots.BotProvisioningService.EnsureAccountAsync(_silo.Factory, new() { UserId = _botId });

        var device = Assert.Single(await user.GetDevicesAsync());
        Assert.Equal(BotCryptoGrain.DeviceId, device.DeviceId);
        Assert.False(await user.AuthenticateAsync(BotCryptoGrain.DeviceId, string.Empty, null));
    }

    /// <summary>The bot and the user with their devices, the user's device keys uploaded, an encrypted room with both.</summary>
    private async Task SetUpAsync()
    {
        var factory = _silo.Factory;
        await factory.GetGrain<IUserGrain>(_botId).CreateAsync(new CreateAccountRequest(null, false, "Bot", new NewDeviceRequest(BotCryptoGrain.DeviceId, null, null)));
        await factory.GetGrain<IUserGrain>(_userId).CreateAsync(new CreateAccountRequest(null, false, "Alice", new NewDeviceRequest("PEER", null, null)));
        await _peer.UploadKeysAsync(factory, 5);
        _roomId = RoomsTestSilo.NewRoomId();
        var room = factory.GetGrain<IRoomGrain>(_roomId);
        await room.CreateAsync(RoomFixture.Create(_userId, RoomPresets.PrivateChat, [_botId],
            initialState: [new StateEventInput("m.room.encryption", string.Empty, RoomFixture.Json("""{"algorithm":"m.megolm.v1.aes-sha2"}"""))]));
        await room.UpdateMembershipAsync(new MembershipCommand(_botId, _botId, MembershipAction.Join));
    }
}
