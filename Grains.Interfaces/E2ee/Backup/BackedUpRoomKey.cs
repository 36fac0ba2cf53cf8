namespace ClawChat.Grains.Interfaces.E2ee.Backup;

/// <summary>
/// One backed-up Megolm session (spec <c>KeyBackupData</c>, DIGEST §12.7). <paramref name="SessionData"/> is the
/// algorithm-dependent, client-encrypted <c>session_data</c> object as JSON text: the server never looks inside it
/// and hands it back byte for byte.
/// </summary>
public sealed record BackedUpRoomKey(long FirstMessageIndex, long ForwardedCount, bool IsVerified, string SessionData)
{
    /// <summary>
    /// Whether this key should replace <paramref name="existing"/> for the same session (DIGEST §12.7): a verified
    /// key beats an unverified one; then the lower <c>first_message_index</c> wins (it decrypts more history); then
    /// the lower <c>forwarded_count</c> (fewer hops, more trustworthy). A key no better than the stored one is
    /// dropped, so a client re-uploading the same keys changes nothing (and does not move the etag).
    /// </summary>
    public bool IsBetterThan(BackedUpRoomKey existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        if (IsVerified != existing.IsVerified)
        {
            return IsVerified;
        }

        if (FirstMessageIndex != existing.FirstMessageIndex)
        {
            return FirstMessageIndex < existing.FirstMessageIndex;
        }

        return ForwardedCount < existing.ForwardedCount;
    }
}
