using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.E2ee.Keys;

/// <summary><c>POST /keys/signatures/upload</c> (DIGEST §12.6) for this user's keys. What may be signed: this user's
/// devices by its self-signing key and its master key by one of its devices (signer = this user), and its master
/// key by another user's user-signing key. Each object is all or nothing; other objects of the request still go in.</summary>
public sealed partial class UserKeysGrain
{
    public async Task<IReadOnlyDictionary<string, KeyFailure>> UploadSignaturesAsync(
        string signerUserId,
        JsonElement? signerUserSigningKey,
        IReadOnlyDictionary<string, JsonElement> signedObjects)
    {
        ArgumentNullException.ThrowIfNull(signerUserId);
        ArgumentNullException.ThrowIfNull(signedObjects);
        var own = string.Equals(signerUserId, UserId, StringComparison.Ordinal);
        var master = Keys.MasterKey is { } masterJson ? CrossSigningKey.FromStored(masterJson) : null;
        var selfSigning = Keys.SelfSigningKey is { } selfSigningJson ? CrossSigningKey.FromStored(selfSigningJson) : null;
        var userSigning = !own && signerUserSigningKey is { } userSigningKey
            ? CrossSigningKey.Parse(userSigningKey, "user_signing_key", CrossSigningKey.UserSigning, signerUserId)
            : null;
        var failures = new Dictionary<string, KeyFailure>(StringComparer.Ordinal);
        var accepted = new List<(string Target, Dictionary<string, string> Signatures)>();
        foreach (var (keyId, value) in signedObjects)
        {
            var failure = CheckSignedObject(keyId, value, signerUserId, own, master, selfSigning, userSigning, out var signatures);
            if (failure is not null)
            {
                failures[keyId] = failure;
            }
            else if (signatures.Count > 0)
            {
                accepted.Add((keyId, signatures));
            }
        }

        if (accepted.Count == 0)
        {
            return failures;
        }

        foreach (var (target, signatures) in accepted)
        {
            if (!Keys.Signatures.TryGetValue(target, out var bySigner))
            {
                bySigner = new(StringComparer.Ordinal);
                Keys.Signatures[target] = bySigner;
            }

            if (!bySigner.TryGetValue(signerUserId, out var stored))
            {
                stored = new(StringComparer.Ordinal);
                bySigner[signerUserId] = stored;
            }

            foreach (var (signingKeyId, signature) in signatures)
            {
                stored[signingKeyId] = signature;
            }
        }

        await _state.WriteStateAsync();
        Log.SignaturesUploaded(_logger, signerUserId, accepted.Sum(a => a.Signatures.Count), UserId);

        // The signed user's watchers re-query it and see the new signature; a user-signing signature is visible only
        // to its signer, so the signer's own devices are told too (DIGEST §12.6).
        await PublishDeviceListChangeAsync(UserId);
        if (!own)
        {
            await PublishDeviceListChangeAsync(signerUserId);
        }

        return failures;
    }

    /// <summary>Null when the object is acceptable; <paramref name="newSignatures"/> then holds its signatures by the
    /// signer that are not stored yet, each verified.</summary>
    private KeyFailure? CheckSignedObject(
        string keyId,
        JsonElement value,
        string signerUserId,
        bool own,
        CrossSigningKey? master,
        CrossSigningKey? selfSigning,
        CrossSigningKey? userSigning,
        out Dictionary<string, string> newSignatures)
    {
        newSignatures = [];
        string? stored;
        Func<string, byte[]?> verifyKeyOf;
        if (own && Keys.Devices.TryGetValue(keyId, out var device) && device.DeviceKeys is { } deviceKeys)
        {
            stored = deviceKeys;
            verifyKeyOf = signingKeyId => selfSigning is not null && signingKeyId == selfSigning.KeyId ? selfSigning.PublicKeyBytes : null;
        }
        else if (master is not null && keyId == master.PublicKey)
        {
            stored = master.Json;
            verifyKeyOf = own ? DeviceKeyOf : signingKeyId => userSigning is not null && signingKeyId == userSigning.KeyId ? userSigning.PublicKeyBytes : null;
        }
        else if (!own && Keys.Devices.ContainsKey(keyId))
        {
            return new KeyFailure(MatrixErrorCode.InvalidParam, "Only the master key of another user can be signed.");
        }
        else
        {
            return new KeyFailure(MatrixErrorCode.NotFound, "No such device or cross-signing key.");
        }

        JsonObject signed;
        byte[] signedBytes;
        try
        {
            signed = SignedJson.ParseObject(value, "A signed key");
            signedBytes = SignedJson.SigningBytes(signed);
        }
        catch (MatrixException ex)
        {
            return new KeyFailure(ex.ErrCode, ex.Error);
        }

        var storedObject = JsonNode.Parse(stored)!.AsObject();
        if (!signedBytes.AsSpan().SequenceEqual(SignedJson.SigningBytes(storedObject)))
        {
            return new KeyFailure(MatrixErrorCode.InvalidSignature, "The signed object does not match the stored key.");
        }

        var known = SignedJson.SignaturesBy(storedObject, signerUserId);
        if (Keys.Signatures.TryGetValue(keyId, out var bySigner) && bySigner.TryGetValue(signerUserId, out var uploaded))
        {
            foreach (var (signingKeyId, signature) in uploaded)
            {
                known[signingKeyId] = signature;
            }
        }

        foreach (var (signingKeyId, signature) in SignedJson.SignaturesBy(signed, signerUserId))
        {
            if (known.TryGetValue(signingKeyId, out var existing) && existing == signature)
            {
                continue;
            }

            if (verifyKeyOf(signingKeyId) is not { } publicKey)
            {
                return new KeyFailure(MatrixErrorCode.InvalidSignature, $"'{signingKeyId}' is not a key that may sign this object.");
            }

            if (!Ed25519Keys.Verify(publicKey, signedBytes, signature))
            {
                return new KeyFailure(MatrixErrorCode.InvalidSignature, $"Invalid signature by '{signingKeyId}'.");
            }

            newSignatures[signingKeyId] = signature;
        }

        return null;
    }

    /// <summary>The Ed25519 key of this user's device named by a signing key ID <c>ed25519:&lt;device&gt;</c>, if it has one.</summary>
    private byte[]? DeviceKeyOf(string signingKeyId)
    {
        const string prefix = Ed25519Keys.Algorithm + ":";
        if (!signingKeyId.StartsWith(prefix, StringComparison.Ordinal)
            || !Keys.Devices.TryGetValue(signingKeyId[prefix.Length..], out var device)
            || device.DeviceKeys is not { } json
            || JsonNode.Parse(json)!["keys"] is not JsonObject keys)
        {
            return null;
        }

        return Ed25519Keys.TryDecodePublicKey(SignedJson.GetString(keys, signingKeyId), out var publicKey) ? publicKey : null;
    }
}
