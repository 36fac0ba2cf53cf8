using System.Runtime.InteropServices;

namespace ClawChat.Grains.Bots.Crypto.Olm;

/// <summary>The part of the libolm 3 C API (Debian package <c>libolm3</c>, headers in <c>libolm-dev</c>) a bot device
/// needs: account, Olm sessions, inbound and outbound Megolm sessions. Every <c>size_t</c> result equals
/// <see cref="olm_error"/> on failure; the object's <c>*_last_error</c> names the reason. Functions taking a
/// non-const message buffer destroy it (base64 is decoded in place), so callers pass copies.</summary>
internal static unsafe partial class OlmNative
{
    public const string Library = "libolm.so.3";

    [LibraryImport(Library)]
    public static partial nuint olm_error();

    [LibraryImport(Library)]
    public static partial void olm_get_library_version(byte* major, byte* minor, byte* patch);

    // Account
    [LibraryImport(Library)]
    public static partial nuint olm_account_size();

    [LibraryImport(Library)]
    public static partial IntPtr olm_account(void* memory);

    [LibraryImport(Library)]
    public static partial IntPtr olm_account_last_error(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_clear_account(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_account_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_account(IntPtr account, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_unpickle_account(IntPtr account, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_create_account_random_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_create_account(IntPtr account, byte* random, nuint randomLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_identity_keys_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_identity_keys(IntPtr account, byte* keys, nuint keysLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_signature_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_sign(IntPtr account, byte* message, nuint messageLength, byte* signature, nuint signatureLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_one_time_keys_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_one_time_keys(IntPtr account, byte* keys, nuint keysLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_mark_keys_as_published(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_max_number_of_one_time_keys(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_generate_one_time_keys_random_length(IntPtr account, nuint count);

    [LibraryImport(Library)]
    public static partial nuint olm_account_generate_one_time_keys(IntPtr account, nuint count, byte* random, nuint randomLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_generate_fallback_key_random_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_generate_fallback_key(IntPtr account, byte* random, nuint randomLength);

    [LibraryImport(Library)]
    public static partial nuint olm_account_unpublished_fallback_key_length(IntPtr account);

    [LibraryImport(Library)]
    public static partial nuint olm_account_unpublished_fallback_key(IntPtr account, byte* keys, nuint keysLength);

    [LibraryImport(Library)]
    public static partial nuint olm_remove_one_time_keys(IntPtr account, IntPtr session);

    // Session
    [LibraryImport(Library)]
    public static partial nuint olm_session_size();

    [LibraryImport(Library)]
    public static partial IntPtr olm_session(void* memory);

    [LibraryImport(Library)]
    public static partial IntPtr olm_session_last_error(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_clear_session(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_session_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_unpickle_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_create_outbound_session_random_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_create_outbound_session(IntPtr session, IntPtr account, byte* theirIdentityKey, nuint theirIdentityKeyLength, byte* theirOneTimeKey, nuint theirOneTimeKeyLength, byte* random, nuint randomLength);

    [LibraryImport(Library)]
    public static partial nuint olm_create_inbound_session(IntPtr session, IntPtr account, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_create_inbound_session_from(IntPtr session, IntPtr account, byte* theirIdentityKey, nuint theirIdentityKeyLength, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_session_id_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_session_id(IntPtr session, byte* id, nuint idLength);

    [LibraryImport(Library)]
    public static partial nuint olm_matches_inbound_session_from(IntPtr session, byte* theirIdentityKey, nuint theirIdentityKeyLength, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_encrypt_message_type(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_encrypt_random_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_encrypt_message_length(IntPtr session, nuint plaintextLength);

    [LibraryImport(Library)]
    public static partial nuint olm_encrypt(IntPtr session, byte* plaintext, nuint plaintextLength, byte* random, nuint randomLength, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_decrypt_max_plaintext_length(IntPtr session, nuint messageType, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_decrypt(IntPtr session, nuint messageType, byte* message, nuint messageLength, byte* plaintext, nuint maxPlaintextLength);

    // Inbound group session
    [LibraryImport(Library)]
    public static partial nuint olm_inbound_group_session_size();

    [LibraryImport(Library)]
    public static partial IntPtr olm_inbound_group_session(void* memory);

    [LibraryImport(Library)]
    public static partial IntPtr olm_inbound_group_session_last_error(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_clear_inbound_group_session(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_inbound_group_session_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_inbound_group_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_unpickle_inbound_group_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_init_inbound_group_session(IntPtr session, byte* sessionKey, nuint sessionKeyLength);

    [LibraryImport(Library)]
    public static partial nuint olm_group_decrypt_max_plaintext_length(IntPtr session, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_group_decrypt(IntPtr session, byte* message, nuint messageLength, byte* plaintext, nuint maxPlaintextLength, uint* messageIndex);

    [LibraryImport(Library)]
    public static partial nuint olm_inbound_group_session_id_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_inbound_group_session_id(IntPtr session, byte* id, nuint idLength);

    // Outbound group session
    [LibraryImport(Library)]
    public static partial nuint olm_outbound_group_session_size();

    [LibraryImport(Library)]
    public static partial IntPtr olm_outbound_group_session(void* memory);

    [LibraryImport(Library)]
    public static partial IntPtr olm_outbound_group_session_last_error(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_clear_outbound_group_session(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_outbound_group_session_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_pickle_outbound_group_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_unpickle_outbound_group_session(IntPtr session, byte* key, nuint keyLength, byte* pickled, nuint pickledLength);

    [LibraryImport(Library)]
    public static partial nuint olm_init_outbound_group_session_random_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_init_outbound_group_session(IntPtr session, byte* random, nuint randomLength);

    [LibraryImport(Library)]
    public static partial nuint olm_group_encrypt_message_length(IntPtr session, nuint plaintextLength);

    [LibraryImport(Library)]
    public static partial nuint olm_group_encrypt(IntPtr session, byte* plaintext, nuint plaintextLength, byte* message, nuint messageLength);

    [LibraryImport(Library)]
    public static partial nuint olm_outbound_group_session_id_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_outbound_group_session_id(IntPtr session, byte* id, nuint idLength);

    [LibraryImport(Library)]
    public static partial uint olm_outbound_group_session_message_index(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_outbound_group_session_key_length(IntPtr session);

    [LibraryImport(Library)]
    public static partial nuint olm_outbound_group_session_key(IntPtr session, byte* key, nuint keyLength);
}
