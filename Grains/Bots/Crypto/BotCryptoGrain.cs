using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.E2ee.Keys;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.E2ee;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots.Crypto;

/// <summary>
/// A bot device's end-to-end encryption (see <see cref="IBotCryptoGrain"/>; DIGEST §12–13, the spec's E2EE module).
/// Not reentrant: one call at a time owns the libolm objects, and each call ends with the changed pickles written
/// (an Olm ratchet that advanced but was not saved would make later messages undecryptable).
/// </summary>
[GrainType("bot-crypto")]
public sealed partial class BotCryptoGrain : Grain, IBotCryptoGrain
{
    public const string OlmAlgorithm = "m.olm.v1.curve25519-aes-sha2";
    public const string MegolmAlgorithm = "m.megolm.v1.aes-sha2";
    public const string EncryptedType = "m.room.encrypted";
    internal const string SignedCurve25519 = "signed_curve25519";
    internal const int MaxSessionsPerPeer = 4;
    internal const int MaxInboundSessions = 2000;

    /// <summary>One-time keys are topped up to <see cref="OneTimeKeyTarget"/> when fewer than <see cref="OneTimeKeyLow"/> are left.</summary>
    internal const int OneTimeKeyTarget = 50;
    internal const int OneTimeKeyLow = 20;

    /// <summary>The bot's device (the one its room events are sent with).</summary>
    public const string DeviceId = BotConversationGrain.DeviceId;

    private readonly IPersistentState<BotCryptoState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<BotCryptoGrain> _logger;
    private string _botId = string.Empty;
    private byte[] _pickleKey = [];
    private OlmAccount? _account;
    private BotDeviceKeys? _keys;

    public BotCryptoGrain([PersistentState("bot-crypto")] IPersistentState<BotCryptoState> state, TimeProvider time, ILogger<BotCryptoGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    private BotCryptoState State => _state.State ??= new BotCryptoState();

    private IUserKeysGrain OwnKeys => GrainFactory.GetGrain<IUserKeysGrain>(_botId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _botId = GetPrimaryKeyString();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _account?.Dispose();
        _account = null;
        return Task.CompletedTask;
    }

    public async Task<BotDeviceKeys> EnsureDeviceAsync()
    {
        await EnsureUploadedAsync();
        await TopUpOneTimeKeysAsync();
        return _keys!;
    }

    /// <summary>The account exists and its device keys are on the server (one-time keys are topped up separately:
    /// when a pre-key message shows that one was used, and on <see cref="EnsureDeviceAsync"/>).</summary>
    private async Task EnsureUploadedAsync()
    {
        var account = await AccountAsync();
        if (!State.DeviceKeysUploaded)
        {
            var deviceKeys = new JsonObject
            {
                ["user_id"] = _botId,
                ["device_id"] = DeviceId,
                ["algorithms"] = new JsonArray(OlmAlgorithm, MegolmAlgorithm),
                ["keys"] = new JsonObject { ["curve25519:" + DeviceId] = _keys!.Curve25519, ["ed25519:" + DeviceId] = _keys.Ed25519 },
            };
            Sign(deviceKeys);
            account.GenerateFallbackKey();
            await SaveAccountAsync();
            await OwnKeys.UploadAsync(new KeysUpload(DeviceId, JsonSerializer.SerializeToElement(deviceKeys), null, SignedKeys(account.UnpublishedFallbackKey(), fallback: true)));
            account.MarkKeysAsPublished();
            State.DeviceKeysUploaded = true;
            await SaveAccountAsync();
            Log.DeviceKeysUploaded(_logger, _botId, DeviceId);
            await TopUpOneTimeKeysAsync();
        }
    }

    /// <summary>The account, unpickled or created (and saved) on first use.</summary>
    private async Task<OlmAccount> AccountAsync()
    {
        if (_account is not null)
        {
            return _account;
        }

        if (State.Account is { } pickled && State.PickleKey is { } key)
        {
            _pickleKey = Convert.FromBase64String(key);
            _account = OlmAccount.Unpickle(_pickleKey, pickled);
        }
        else
        {
            _pickleKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            State.PickleKey = Convert.ToBase64String(_pickleKey);
            State.DeviceKeysUploaded = false;
            _account = OlmAccount.Create();
            State.Account = _account.Pickle(_pickleKey);
            await _state.WriteStateAsync();
        }

        var (curve, ed) = _account.IdentityKeys();
        _keys = new BotDeviceKeys(DeviceId, curve, ed);
        return _account;
    }

    /// <summary>Generates and uploads one-time keys when the server holds fewer than <see cref="OneTimeKeyLow"/>. The
    /// account is saved before the upload, so a published key's private half is never lost.</summary>
    private async Task TopUpOneTimeKeysAsync()
    {
        var account = await AccountAsync();
        var counts = await OwnKeys.GetKeyCountsAsync(DeviceId);
        var held = counts.OneTimeKeyCounts.GetValueOrDefault(SignedCurve25519);
        if (held >= OneTimeKeyLow)
        {
            return;
        }

        account.GenerateOneTimeKeys(Math.Min(OneTimeKeyTarget - held, account.MaxOneTimeKeys / 2));
        await SaveAccountAsync();
        await OwnKeys.UploadAsync(new KeysUpload(DeviceId, null, SignedKeys(account.OneTimeKeys(), fallback: false), null));
        account.MarkKeysAsPublished();
        await SaveAccountAsync();
        Log.OneTimeKeysUploaded(_logger, _botId, OneTimeKeyTarget - held);
    }

    private Dictionary<string, JsonElement> SignedKeys(IReadOnlyDictionary<string, string> keys, bool fallback)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            var value = new JsonObject { ["key"] = key };
            if (fallback)
            {
                value["fallback"] = true;
            }

            Sign(value);
            result[SignedCurve25519 + ":" + id] = JsonSerializer.SerializeToElement(value);
        }

        return result;
    }

    /// <summary>Adds the device's signature (DIGEST §2 "Signing JSON").</summary>
    private void Sign(JsonObject value)
    {
        var signature = _account!.Sign(SignedJson.SigningBytes(value));
        SignedJson.MergeSignatures(value, _botId, new Dictionary<string, string> { ["ed25519:" + DeviceId] = signature });
    }

    private async Task SaveAccountAsync()
    {
        State.Account = _account!.Pickle(_pickleKey);
        await _state.WriteStateAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(7760, LogLevel.Information, "Bot {BotId} uploaded the device keys of {DeviceId}")]
        public static partial void DeviceKeysUploaded(ILogger logger, string botId, string deviceId);

        [LoggerMessage(7761, LogLevel.Debug, "Bot {BotId} uploaded {Count} one-time keys")]
        public static partial void OneTimeKeysUploaded(ILogger logger, string botId, int count);

        [LoggerMessage(7762, LogLevel.Debug, "Bot {BotId} cannot decrypt an event in {RoomId}: {Reason}")]
        public static partial void Undecryptable(ILogger logger, string botId, string roomId, string reason);

        [LoggerMessage(7763, LogLevel.Debug, "Bot {BotId} skipped a to-device message from {Sender}: {Reason}")]
        public static partial void ToDeviceSkipped(ILogger logger, string botId, string sender, string reason);

        [LoggerMessage(7764, LogLevel.Debug, "Bot {BotId} received room key {SessionId} for {RoomId}")]
        public static partial void RoomKeyReceived(ILogger logger, string botId, string roomId, string sessionId);

        [LoggerMessage(7765, LogLevel.Debug, "Bot {BotId} shared room key {SessionId} of {RoomId} with {Count} devices")]
        public static partial void RoomKeyShared(ILogger logger, string botId, string roomId, string sessionId, int count);

        [LoggerMessage(7766, LogLevel.Debug, "Bot {BotId} skipped device {UserId} {DeviceId}: {Reason}")]
        public static partial void DeviceSkipped(ILogger logger, string botId, string userId, string deviceId, string reason);
    }
}
