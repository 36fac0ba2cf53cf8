using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.E2ee;

/// <summary>
/// A user's end-to-end encryption keys (key: the user ID; DIGEST §12): device keys, one-time and fallback keys per
/// device, cross-signing keys and the signatures uploaded for them. The single writer of those keys, so a claim
/// hands out each one-time key exactly once. Invalid input is a <c>MatrixException</c> (400 M_INVALID_PARAM,
/// M_INVALID_SIGNATURE, M_MISSING_PARAM, M_BAD_JSON; 403 M_FORBIDDEN); every change that DIGEST §12.5 lists under
/// <c>device_lists.changed</c> is published through <see cref="IDeviceListFanoutGrain"/> before the call returns.
/// </summary>
[Alias("user-keys")]
public interface IUserKeysGrain : IGrainWithStringKey
{
    /// <summary>Unclaimed one-time keys per algorithm and unused fallback key algorithms of one device, for
    /// <c>/sync</c>'s <c>device_one_time_keys_count</c> and <c>device_unused_fallback_key_types</c>.</summary>
    [ReadOnly]
    Task<DeviceKeyCounts> GetKeyCountsAsync(string deviceId);

    /// <summary>Drops every key of the given devices (they were deleted or logged out) and, when any device had
    /// keys, publishes a device-list change (<see cref="IDeviceListFanoutGrain"/>). Idempotent.</summary>
    Task RemoveDevicesAsync(IReadOnlyList<string> deviceIds);

    /// <summary><c>POST /keys/upload</c> of one of the user's devices (DIGEST §12.1), all or nothing: device keys
    /// must name this user and device and carry a valid self-signature; a one-time key ID already held with other
    /// content is refused (identical content is ignored); a fallback key replaces the device's one of its algorithm.
    /// Returns the device's key counts after the upload.</summary>
    Task<DeviceKeyCounts> UploadAsync(KeysUpload upload);

    /// <summary>The keys <paramref name="requesterUserId"/> may see (DIGEST §12.2): device keys of
    /// <paramref name="deviceIds"/> (null or empty: every device with keys), merged with the signatures uploaded by
    /// this user or by the requester, and the cross-signing keys (the user-signing key only for the user itself).</summary>
    [ReadOnly]
    Task<UserKeysQueryResult> QueryAsync(string requesterUserId, IReadOnlyList<string>? deviceIds);

    /// <summary>Claims one key per device (device ID → algorithm; DIGEST §12.3): the oldest unclaimed one-time key of
    /// that algorithm, removed for good, else the device's fallback key of that algorithm (kept, marked used).
    /// Devices with neither are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, ClaimedKey>> ClaimAsync(IReadOnlyDictionary<string, string> algorithmsByDevice);

    /// <summary>The stored cross-signing keys as uploaded (no extra signatures merged).</summary>
    [ReadOnly]
    Task<CrossSigningKeys> GetCrossSigningKeysAsync();

    /// <summary><c>POST /keys/device_signing/upload</c> (DIGEST §12.6). Validates the keys first (usage, user ID,
    /// self-signing and user-signing keys signed by the accompanying or stored master key, no public key equal to one
    /// of <paramref name="deviceIds"/>). Replacing a stored master-key setup needs <paramref name="authenticated"/>:
    /// without it nothing changes and the result is <see cref="CrossSigningUploadOutcome.AuthRequired"/>. The first
    /// upload and an upload identical to the stored keys need no authentication.</summary>
    Task<CrossSigningUploadOutcome> UploadCrossSigningKeysAsync(CrossSigningKeys keys, IReadOnlyList<string> deviceIds, bool authenticated);

    /// <summary><c>POST /keys/signatures/upload</c> for this user's keys (DIGEST §12.6): each object (key ID → the
    /// stored device or cross-signing key with new signatures by <paramref name="signerUserId"/>) must equal the
    /// stored one apart from its signatures, and each new signature must verify — for this user's own signatures with
    /// its self-signing key (devices) or a device key (master key), for another signer with
    /// <paramref name="signerUserSigningKey"/> on this user's master key. Only new signatures are stored; refused
    /// objects are returned by key ID.</summary>
    Task<IReadOnlyDictionary<string, KeyFailure>> UploadSignaturesAsync(
        string signerUserId,
        JsonElement? signerUserSigningKey,
        IReadOnlyDictionary<string, JsonElement> signedObjects);
}
