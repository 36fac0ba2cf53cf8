using System.Text;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>An inbound Megolm session (<c>m.megolm.v1.aes-sha2</c>): decrypts one sender device's room messages, created
/// from the <c>session_key</c> of an <c>m.room_key</c>.</summary>
public sealed unsafe class MegolmInboundSession : OlmObject
{
    private MegolmInboundSession()
        : base(OlmNative.olm_inbound_group_session_size(), m => OlmNative.olm_inbound_group_session((void*)m))
    {
    }

    public static MegolmInboundSession Create(string sessionKey)
    {
        var session = new MegolmInboundSession();
        try
        {
            var key = Encoding.ASCII.GetBytes(sessionKey);
            fixed (byte* k = key)
            {
                session.Check(OlmNative.olm_init_inbound_group_session(session.Handle, k, (nuint)key.Length), "olm_init_inbound_group_session");
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public static MegolmInboundSession Unpickle(ReadOnlySpan<byte> key, string pickled)
    {
        var session = new MegolmInboundSession();
        try
        {
            session.UnpickleWith(key, pickled, OlmNative.olm_unpickle_inbound_group_session, "olm_unpickle_inbound_group_session");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string Pickle(ReadOnlySpan<byte> key) =>
        PickleWith(key, OlmNative.olm_pickle_inbound_group_session_length(Handle), OlmNative.olm_pickle_inbound_group_session, "olm_pickle_inbound_group_session");

    public string SessionId => ReadString(OlmNative.olm_inbound_group_session_id_length(Handle),
        (h, p, n) => OlmNative.olm_inbound_group_session_id(h, (byte*)p, n), "olm_inbound_group_session_id");

    /// <summary>Decrypts a message: (plaintext, message index).</summary>
    public (string Plaintext, uint MessageIndex) Decrypt(string ciphertext)
    {
        var message = Encoding.ASCII.GetBytes(ciphertext);
        nuint max;
        fixed (byte* m = message)
        {
            max = Check(OlmNative.olm_group_decrypt_max_plaintext_length(Handle, m, (nuint)message.Length), "olm_group_decrypt_max_plaintext_length");
        }

        message = Encoding.ASCII.GetBytes(ciphertext); // the length call decoded the copy in place
        var plaintext = new byte[(int)max];
        uint index;
        fixed (byte* m = message)
        fixed (byte* p = plaintext)
        {
            var written = Check(OlmNative.olm_group_decrypt(Handle, m, (nuint)message.Length, p, max, &index), "olm_group_decrypt");
            return (Encoding.UTF8.GetString(plaintext, 0, (int)written), index);
        }
    }

    private protected override IntPtr LastError(IntPtr handle) => OlmNative.olm_inbound_group_session_last_error(handle);

    private protected override void Clear(IntPtr handle) => OlmNative.olm_clear_inbound_group_session(handle);
}
