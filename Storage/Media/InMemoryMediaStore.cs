namespace ClawChat.Storage.Media;

/// <summary><see cref="IMediaStore"/> in process memory, for unit tests and throw-away runs. One lock
/// serializes all writes (and so every hash), which is the store's locking rule in its simplest form.</summary>
public sealed class InMemoryMediaStore : IMediaStore, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, MediaRecord> _records = new(StringComparer.Ordinal);

    public async Task<bool> TryInsertAsync(MediaRecord record, Func<CancellationToken, Task>? publishContent = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Read(() => _records.ContainsKey(record.MediaId)))
            {
                return false;
            }

            if (record.IsUploaded && publishContent is not null)
            {
                await publishContent(cancellationToken).ConfigureAwait(false);
            }

            Write(() => _records[record.MediaId] = record);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<MediaRecord?> GetAsync(string mediaId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _records.GetValueOrDefault(mediaId)));

    public async Task<bool> TryCompleteUploadAsync(string mediaId, MediaContentInfo content, Func<CancellationToken, Task> publishContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(publishContent);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = Read(() => _records.GetValueOrDefault(mediaId));
            if (existing is null || existing.IsUploaded)
            {
                return false;
            }

            await publishContent(cancellationToken).ConfigureAwait(false);
            Write(() => _records[mediaId] = existing with
            {
                ContentType = content.ContentType,
                UploadName = content.UploadName,
                Size = content.Size,
                Sha256 = content.Sha256,
                UploadedTs = content.UploadedTs,
                ExpiresTs = null,
            });
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<int> CountPendingAsync(string uploader, long nowTs, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(() => _records.Values.Count(r => r.Uploader == uploader && !r.IsUploaded && !r.IsExpired(nowTs))));

    public Task<IReadOnlyList<MediaRecord>> ListByUploaderAsync(string uploader, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MediaRecord>>(Read(() => ByUploader(uploader)));

    public async Task<IReadOnlyList<MediaRecord>> DeleteByUploaderAsync(string uploader, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deleted = Read(() => ByUploader(uploader));
            Write(() =>
            {
                foreach (var record in deleted)
                {
                    _records.Remove(record.MediaId);
                }
            });
            return deleted;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<int> DeleteExpiredPendingAsync(long nowTs, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var expired = Read(() => _records.Values.Where(r => r.IsExpired(nowTs)).Select(r => r.MediaId).ToList());
            Write(() => expired.ForEach(id => _records.Remove(id)));
            return expired.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> DeleteContentIfUnreferencedAsync(string sha256, Func<CancellationToken, Task> deleteContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deleteContent);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Read(() => _records.Values.Any(r => r.Sha256 == sha256)))
            {
                return false;
            }

            await deleteContent(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private List<MediaRecord> ByUploader(string uploader) =>
        _records.Values.Where(r => r.Uploader == uploader).OrderBy(r => r.CreatedTs).ThenBy(r => r.MediaId, StringComparer.Ordinal).ToList();

    // Readers do not take the async write lock, so the dictionary itself is guarded by a monitor.
    private T Read<T>(Func<T> read)
    {
        lock (_records)
        {
            return read();
        }
    }

    private void Write(Action write)
    {
        lock (_records)
        {
            write();
        }
    }
}
