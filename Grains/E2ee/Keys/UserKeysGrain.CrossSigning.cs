using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary><c>POST /keys/device_signing/upload</c> (DIGEST §12.6): the master, self-signing and user-signing keys.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<CrossSigningUploadOutcome> UploadCrossSigningKeysAsync(CrossSigningKeys keys, IReadOnlyList<string> deviceIds, bool authenticated)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(deviceIds);
        var master = keys.MasterKey is { } m ? CrossSigningKey.Parse(m, "master_key", CrossSigningKey.Master, UserId) : null;
        var selfSigning = keys.SelfSigningKey is { } s ? CrossSigningKey.Parse(s, "self_signing_key", CrossSigningKey.SelfSigning, UserId) : null;
        var userSigning = keys.UserSigningKey is { } u ? CrossSigningKey.Parse(u, "user_signing_key", CrossSigningKey.UserSigning, UserId) : null;
        CrossSigningKey?[] uploaded = [master, selfSigning, userSigning];

        // A device ID equal to a public key would make /keys/signatures/upload ambiguous (both are key IDs there).
        var devices = new HashSet<string>(deviceIds, StringComparer.Ordinal);
        devices.UnionWith(Keys.Devices.Keys);
        if (uploaded.Any(k => k is not null && devices.Contains(k.PublicKey)))
        {
            throw MatrixException.Forbidden("A cross-signing public key may not equal one of your device IDs.");
        }

        if (selfSigning is not null || userSigning is not null)
        {
            var signer = master ?? (Keys.MasterKey is { } stored ? CrossSigningKey.FromStored(stored) : null)
                ?? throw MatrixException.MissingParam("A master key is needed to check the self-signing and user-signing keys; upload 'master_key'.");
            foreach (var (key, field) in new[] { (selfSigning, "self_signing_key"), (userSigning, "user_signing_key") })
            {
                if (key is not null && !SignedJson.IsSignedBy(key.Object, UserId, signer.KeyId, signer.PublicKeyBytes))
                {
                    throw MatrixException.InvalidSignature($"'{field}' must carry a valid signature by the master key '{signer.KeyId}'.");
                }
            }
        }

        var masterChanged = master is not null && !IsStored(Keys.MasterKey, master);
        var selfSigningChanged = selfSigning is not null && !IsStored(Keys.SelfSigningKey, selfSigning);
        var userSigningChanged = userSigning is not null && !IsStored(Keys.UserSigningKey, userSigning);
        if (!masterChanged && !selfSigningChanged && !userSigningChanged)
        {
            return CrossSigningUploadOutcome.Stored;
        }

        // Only the first setup (no master key yet) and idempotent retries go without UIA; anything else replaces the
        // user's cryptographic identity.
        if (Keys.MasterKey is not null && !authenticated)
        {
            return CrossSigningUploadOutcome.AuthRequired;
        }

        var masterReplaced = false;
        if (master is not null && masterChanged)
        {
            if (Keys.MasterKey is { } stored && CrossSigningKey.FromStored(stored) is var old && old.PublicKey != master.PublicKey)
            {
                masterReplaced = true;
                // A new identity: signatures on the old master key and the old self-signing and user-signing keys
                // (signed by the old master key, so no longer verifiable) go with it.
                Keys.Signatures.Remove(old.PublicKey);
                Keys.SelfSigningKey = null;
                Keys.UserSigningKey = null;
            }

            Keys.MasterKey = master.Json;
        }

        if (selfSigning is not null)
        {
            Keys.SelfSigningKey = selfSigning.Json;
        }

        if (userSigning is not null)
        {
            Keys.UserSigningKey = userSigning.Json;
        }

        await _state.WriteStateAsync();
        Log.CrossSigningKeysUploaded(_logger, UserId, masterReplaced);
        await PublishDeviceListChangeAsync(UserId);
        return CrossSigningUploadOutcome.Stored;
    }

    private static bool IsStored(string? stored, CrossSigningKey key) => stored is not null && SameCanonical(stored, key.Json);

    private static string CrossSigningPublicKeyOf(string json) => CrossSigningKey.FromStored(json).PublicKey;
}
