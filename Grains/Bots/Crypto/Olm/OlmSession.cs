using System.Text;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>An Olm (double ratchet) session with one peer device, for to-device messages
/// (<c>m.olm.v1.curve25519-aes-sha2</c>). Message type 0 is a pre-key message, 1 a normal one.</summary>
public sealed unsafe class OlmSession : OlmObject
{
    public const int PreKeyMessage = 0;

    private OlmSession()
        : base(OlmNative.olm_session_size(), m => OlmNative.olm_session((void*)m))
    {
    }

    /// <summary>A session started by us towards a device, from its identity key and a claimed one-time key.</summary>
    public static OlmSession CreateOutbound(OlmAccount account, string theirIdentityKey, string theirOneTimeKey)
    {
        ArgumentNullException.ThrowIfNull(account);
        var session = new OlmSession();
        try
        {
            var identity = Encoding.ASCII.GetBytes(theirIdentityKey);
            var oneTime = Encoding.ASCII.GetBytes(theirOneTimeKey);
            var length = OlmNative.olm_create_outbound_session_random_length(session.Handle);
            session.Check(WithRandom(length, (r, n) =>
            {
                fixed (byte* i = identity)
                fixed (byte* o = oneTime)
                {
                    return OlmNative.olm_create_outbound_session(session.Handle, account.NativeHandle, i, (nuint)identity.Length, o, (nuint)oneTime.Length, (byte*)r, n);
                }
            }), "olm_create_outbound_session");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>A session started by the peer with a pre-key message; the caller removes the used one-time key from the
    /// account (<see cref="OlmAccount.RemoveOneTimeKeys"/>) and then decrypts the message with it.</summary>
    public static OlmSession CreateInbound(OlmAccount account, string? theirIdentityKey, string preKeyMessage)
    {
        ArgumentNullException.ThrowIfNull(account);
        var session = new OlmSession();
        try
        {
            var message = Encoding.ASCII.GetBytes(preKeyMessage);
            fixed (byte* m = message)
            {
                if (theirIdentityKey is null)
                {
                    session.Check(OlmNative.olm_create_inbound_session(session.Handle, account.NativeHandle, m, (nuint)message.Length), "olm_create_inbound_session");
                }
                else
                {
                    var identity = Encoding.ASCII.GetBytes(theirIdentityKey);
                    fixed (byte* i = identity)
                    {
                        session.Check(OlmNative.olm_create_inbound_session_from(session.Handle, account.NativeHandle, i, (nuint)identity.Length, m, (nuint)message.Length), "olm_create_inbound_session_from");
                    }
                }
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public static OlmSession Unpickle(ReadOnlySpan<byte> key, string pickled)
    {
        var session = new OlmSession();
        try
        {
            session.UnpickleWith(key, pickled, OlmNative.olm_unpickle_session, "olm_unpickle_session");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string Pickle(ReadOnlySpan<byte> key) =>
        PickleWith(key, OlmNative.olm_pickle_session_length(Handle), OlmNative.olm_pickle_session, "olm_pickle_session");

    public string SessionId => ReadString(OlmNative.olm_session_id_length(Handle), (h, p, n) => OlmNative.olm_session_id(h, (byte*)p, n), "olm_session_id");

    /// <summary>Whether a pre-key message from <paramref name="theirIdentityKey"/> belongs to this session.</summary>
    public bool MatchesInbound(string theirIdentityKey, string preKeyMessage)
    {
        var identity = Encoding.ASCII.GetBytes(theirIdentityKey);
        var message = Encoding.ASCII.GetBytes(preKeyMessage);
        fixed (byte* i = identity)
        fixed (byte* m = message)
        {
            return Check(OlmNative.olm_matches_inbound_session_from(Handle, i, (nuint)identity.Length, m, (nuint)message.Length), "olm_matches_inbound_session_from") == 1;
        }
    }

    /// <summary>Encrypts: (message type, base64 body).</summary>
    public (int Type, string Body) Encrypt(string plaintext)
    {
        var text = Encoding.UTF8.GetBytes(plaintext);
        var type = (int)Check(OlmNative.olm_encrypt_message_type(Handle), "olm_encrypt_message_type");
        var length = OlmNative.olm_encrypt_message_length(Handle, (nuint)text.Length);
        var output = new byte[(int)length];
        var written = Check(WithRandom(OlmNative.olm_encrypt_random_length(Handle), (r, n) =>
        {
            fixed (byte* t = text)
            fixed (byte* o = output)
            {
                return OlmNative.olm_encrypt(Handle, t, (nuint)text.Length, (byte*)r, n, o, length);
            }
        }), "olm_encrypt");
        return (type, Encoding.ASCII.GetString(output, 0, (int)written));
    }

    public string Decrypt(int type, string body)
    {
        var message = Encoding.ASCII.GetBytes(body);
        nuint max;
        fixed (byte* m = message)
        {
            max = Check(OlmNative.olm_decrypt_max_plaintext_length(Handle, (nuint)type, m, (nuint)message.Length), "olm_decrypt_max_plaintext_length");
        }

        message = Encoding.ASCII.GetBytes(body); // the length call decoded the copy in place
        var plaintext = new byte[(int)max];
        fixed (byte* m = message)
        fixed (byte* p = plaintext)
        {
            var written = Check(OlmNative.olm_decrypt(Handle, (nuint)type, m, (nuint)message.Length, p, max), "olm_decrypt");
            return Encoding.UTF8.GetString(plaintext, 0, (int)written);
        }
    }

    private protected override IntPtr LastError(IntPtr handle) => OlmNative.olm_session_last_error(handle);

    private protected override void Clear(IntPtr handle) => OlmNative.olm_clear_session(handle);

    internal IntPtr NativeHandle => Handle;
}
