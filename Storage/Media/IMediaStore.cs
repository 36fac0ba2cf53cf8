namespace ClawChat.Storage.Media;

/// <summary>Media metadata (the content itself lives on disk, addressed by its SHA-256).
/// Locking rule: every write that adds a reference to a content hash, and every check-and-delete of
/// unreferenced content, runs its callback while holding a lock that serializes them per hash (SQLite: the
/// database write lock; PostgreSQL: a transaction-scoped advisory lock on the hash), across processes. The
/// callbacks move files into place or delete them, so a file is never deleted while a new record starts
/// referencing it.</summary>
public interface IMediaStore
{
    /// <summary>Inserts <paramref name="record"/>; when it has content, <paramref name="publishContent"/> runs
    /// under the hash lock before the commit (and a failure there rolls the insert back).</summary>
    /// <returns>False when the media id already exists (nothing was written and the callback did not run).</returns>
    Task<bool> TryInsertAsync(MediaRecord record, Func<CancellationToken, Task>? publishContent = null, CancellationToken cancellationToken = default);

    /// <summary>The record with this media id, or null.</summary>
    Task<MediaRecord?> GetAsync(string mediaId, CancellationToken cancellationToken = default);

    /// <summary>Sets the content of a pending record; <paramref name="publishContent"/> runs under the hash lock
    /// before the commit.</summary>
    /// <returns>False when the record does not exist or already has content (nothing was written and the
    /// callback did not run).</returns>
    Task<bool> TryCompleteUploadAsync(string mediaId, MediaContentInfo content, Func<CancellationToken, Task> publishContent, CancellationToken cancellationToken = default);

    /// <summary>Pending (not uploaded, not expired at <paramref name="nowTs"/>) records of one uploader.</summary>
    Task<int> CountPendingAsync(string uploader, long nowTs, CancellationToken cancellationToken = default);

    /// <summary>Every record of one uploader, oldest first.</summary>
    Task<IReadOnlyList<MediaRecord>> ListByUploaderAsync(string uploader, CancellationToken cancellationToken = default);

    /// <summary>Deletes every record of one uploader.</summary>
    /// <returns>The deleted records.</returns>
    Task<IReadOnlyList<MediaRecord>> DeleteByUploaderAsync(string uploader, CancellationToken cancellationToken = default);

    /// <summary>Deletes pending records whose unused id expired before <paramref name="nowTs"/>.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> DeleteExpiredPendingAsync(long nowTs, CancellationToken cancellationToken = default);

    /// <summary>When no record references <paramref name="sha256"/>, runs <paramref name="deleteContent"/> under
    /// the hash lock.</summary>
    /// <returns>True when the content was unreferenced and the callback ran.</returns>
    Task<bool> DeleteContentIfUnreferencedAsync(string sha256, Func<CancellationToken, Task> deleteContent, CancellationToken cancellationToken = default);
}
