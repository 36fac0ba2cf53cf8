using System.Text;
using System.Text.Json;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>An Olm account: a device's identity keys (Curve25519 and Ed25519), one-time keys and fallback key.</summary>
public sealed unsafe class OlmAccount : OlmObject
{
    private OlmAccount()
        : base(OlmNative.olm_account_size(), m => OlmNative.olm_account((void*)m))
    {
    }

    /// <summary>A new account with fresh identity keys.</summary>
    public static OlmAccount Create()
    {
        var account = new OlmAccount();
        try
        {
            var length = OlmNative.olm_create_account_random_length(account.Handle);
            account.Check(WithRandom(length, (r, n) => OlmNative.olm_create_account(account.Handle, (byte*)r, n)), "olm_create_account");
            return account;
        }
        catch
        {
            account.Dispose();
            throw;
        }
    }

    public static OlmAccount Unpickle(ReadOnlySpan<byte> key, string pickled)
    {
        var account = new OlmAccount();
        try
        {
            account.UnpickleWith(key, pickled, OlmNative.olm_unpickle_account, "olm_unpickle_account");
            return account;
        }
        catch
        {
            account.Dispose();
            throw;
        }
    }

    public string Pickle(ReadOnlySpan<byte> key) =>
        PickleWith(key, OlmNative.olm_pickle_account_length(Handle), OlmNative.olm_pickle_account, "olm_pickle_account");

    /// <summary>The public identity keys: (curve25519, ed25519), unpadded base64.</summary>
    public (string Curve25519, string Ed25519) IdentityKeys()
    {
        var json = ReadString(OlmNative.olm_account_identity_keys_length(Handle),
            (h, p, n) => OlmNative.olm_account_identity_keys(h, (byte*)p, n), "olm_account_identity_keys");
        using var doc = JsonDocument.Parse(json);
        return (doc.RootElement.GetProperty("curve25519").GetString()!, doc.RootElement.GetProperty("ed25519").GetString()!);
    }

    /// <summary>The Ed25519 signature of <paramref name="message"/>, unpadded base64.</summary>
    public string Sign(ReadOnlySpan<byte> message)
    {
        var length = OlmNative.olm_account_signature_length(Handle);
        var buffer = new byte[(int)length];
        fixed (byte* m = message)
        fixed (byte* s = buffer)
        {
            var written = Check(OlmNative.olm_account_sign(Handle, m, (nuint)message.Length, s, length), "olm_account_sign");
            return Encoding.ASCII.GetString(buffer, 0, (int)written);
        }
    }

    public int MaxOneTimeKeys => (int)OlmNative.olm_account_max_number_of_one_time_keys(Handle);

    public void GenerateOneTimeKeys(int count)
    {
        var length = OlmNative.olm_account_generate_one_time_keys_random_length(Handle, (nuint)count);
        Check(WithRandom(length, (r, n) => OlmNative.olm_account_generate_one_time_keys(Handle, (nuint)count, (byte*)r, n)), "olm_account_generate_one_time_keys");
    }

    /// <summary>Unpublished one-time keys: key ID → Curve25519 public key.</summary>
    public IReadOnlyDictionary<string, string> OneTimeKeys() =>
        Curve25519Map(ReadString(OlmNative.olm_account_one_time_keys_length(Handle),
            (h, p, n) => OlmNative.olm_account_one_time_keys(h, (byte*)p, n), "olm_account_one_time_keys"));

    public void GenerateFallbackKey()
    {
        var length = OlmNative.olm_account_generate_fallback_key_random_length(Handle);
        Check(WithRandom(length, (r, n) => OlmNative.olm_account_generate_fallback_key(Handle, (byte*)r, n)), "olm_account_generate_fallback_key");
    }

    /// <summary>The unpublished fallback key (key ID → Curve25519 public key), empty when published.</summary>
    public IReadOnlyDictionary<string, string> UnpublishedFallbackKey() =>
        Curve25519Map(ReadString(OlmNative.olm_account_unpublished_fallback_key_length(Handle),
            (h, p, n) => OlmNative.olm_account_unpublished_fallback_key(h, (byte*)p, n), "olm_account_unpublished_fallback_key"));

    /// <summary>Marks the one-time keys and the fallback key as published (they are no longer returned).</summary>
    public void MarkKeysAsPublished() => Check(OlmNative.olm_account_mark_keys_as_published(Handle), "olm_account_mark_keys_as_published");

    /// <summary>Removes the one-time key an inbound session was created with, so it is never used twice.</summary>
    public void RemoveOneTimeKeys(OlmSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Check(OlmNative.olm_remove_one_time_keys(Handle, session.NativeHandle), "olm_remove_one_time_keys");
    }

    internal IntPtr NativeHandle => Handle;

    private protected override IntPtr LastError(IntPtr handle) => OlmNative.olm_account_last_error(handle);

    private protected override void Clear(IntPtr handle) => OlmNative.olm_clear_account(handle);

    private static Dictionary<string, string> Curve25519Map(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("curve25519", out var keys))
        {
            foreach (var key in keys.EnumerateObject())
            {
                result[key.Name] = key.Value.GetString()!;
            }
        }

        return result;
    }
}
