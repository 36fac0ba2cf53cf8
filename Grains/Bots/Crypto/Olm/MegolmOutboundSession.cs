using System.Text;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>An outbound Megolm session: encrypts our room messages; its <see cref="SessionKey"/> (at the current
/// index) is what recipients receive in <c>m.room_key</c>.</summary>
public sealed unsafe class MegolmOutboundSession : OlmObject
{
    private MegolmOutboundSession()
        : base(OlmNative.olm_outbound_group_session_size(), m => OlmNative.olm_outbound_group_session((void*)m))
    {
    }

    public static MegolmOutboundSession Create()
    {
        var session = new MegolmOutboundSession();
        try
        {
            var length = OlmNative.olm_init_outbound_group_session_random_length(session.Handle);
            session.Check(WithRandom(length, (r, n) => OlmNative.olm_init_outbound_group_session(session.Handle, (byte*)r, n)), "olm_init_outbound_group_session");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public static MegolmOutboundSession Unpickle(ReadOnlySpan<byte> key, string pickled)
    {
        var session = new MegolmOutboundSession();
        try
        {
            session.UnpickleWith(key, pickled, OlmNative.olm_unpickle_outbound_group_session, "olm_unpickle_outbound_group_session");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string Pickle(ReadOnlySpan<byte> key) =>
        PickleWith(key, OlmNative.olm_pickle_outbound_group_session_length(Handle), OlmNative.olm_pickle_outbound_group_session, "olm_pickle_outbound_group_session");

    public string SessionId => ReadString(OlmNative.olm_outbound_group_session_id_length(Handle),
        (h, p, n) => OlmNative.olm_outbound_group_session_id(h, (byte*)p, n), "olm_outbound_group_session_id");

    /// <summary>The session key at the current message index (a secret: never log it).</summary>
    public string SessionKey => ReadString(OlmNative.olm_outbound_group_session_key_length(Handle),
        (h, p, n) => OlmNative.olm_outbound_group_session_key(h, (byte*)p, n), "olm_outbound_group_session_key");

    public uint MessageIndex => OlmNative.olm_outbound_group_session_message_index(Handle);

    public string Encrypt(string plaintext)
    {
        var text = Encoding.UTF8.GetBytes(plaintext);
        var length = OlmNative.olm_group_encrypt_message_length(Handle, (nuint)text.Length);
        var output = new byte[(int)length];
        fixed (byte* t = text)
        fixed (byte* o = output)
        {
            var written = Check(OlmNative.olm_group_encrypt(Handle, t, (nuint)text.Length, o, length), "olm_group_encrypt");
            return Encoding.ASCII.GetString(output, 0, (int)written);
        }
    }

    private protected override IntPtr LastError(IntPtr handle) => OlmNative.olm_outbound_group_session_last_error(handle);

    private protected override void Clear(IntPtr handle) => OlmNative.olm_clear_outbound_group_session(handle);
}
