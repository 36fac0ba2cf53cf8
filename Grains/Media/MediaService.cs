using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using ClawChat.Storage.Media;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Media;

/// <summary>The media repository of one silo (see <see cref="IMediaService"/>): stateless apart from the
/// thumbnail slots, so it is a singleton service rather than a grain. Metadata goes to
/// <see cref="IMediaStore"/>, content to <see cref="MediaContentStore"/>, and waits for asynchronous uploads
/// to one <see cref="IMediaUploadGrain"/> per media id.</summary>
public sealed partial class MediaService : IMediaService
{
    // Random 24-character ids collide with probability ~2^-143; a few retries cover a broken RNG, not luck.
    private const int MaxIdAttempts = 5;

    private const int MaxFileNameLength = 1024;

    private readonly IMediaStore _store;
    private readonly MediaContentStore _content;
    private readonly MediaThumbnailer _thumbnailer;
    private readonly IGrainFactory _grains;
    private readonly MediaOptions _options;
    private readonly ServerName _serverName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal MediaService(
        IMediaStore store,
        MediaContentStore content,
        MediaThumbnailer thumbnailer,
        IGrainFactory grains,
        ClawChatOptions clawChatOptions,
        MediaOptions options,
        TimeProvider time,
        ILogger<MediaService> logger)
    {
        _store = store;
        _content = content;
        _thumbnailer = thumbnailer;
        _grains = grains;
        _options = options;
        _serverName = ServerName.Parse(clawChatOptions.ServerName);
        _time = time;
        _logger = logger;
        MaxUploadBytes = options.ResolveMaxUploadBytes(clawChatOptions.MaxRequestBytes);
    }

    public long MaxUploadBytes { get; }

    public async Task<MxcUri> UploadAsync(UserId uploader, MediaUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var fileName = CheckUpload(upload);
        using var staged = await _content.StageAsync(upload.Content, MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        var now = NowMs();
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            var uri = MxcUri.New(_serverName);
            var record = new MediaRecord(uri.MediaId, uploader.ToString(), MediaContentTypes.Normalize(upload.ContentType), fileName, staged.Length, staged.Sha256, now, now, ExpiresTs: null);
            if (await _store.TryInsertAsync(record, _ => PublishAsync(staged), cancellationToken).ConfigureAwait(false))
            {
                Log.Uploaded(_logger, uri.MediaId, uploader.ToString(), staged.Length);
                return uri;
            }
        }

        throw MatrixException.Unknown("Could not allocate a media id.");
    }

    public async Task<MediaCreated> CreateAsync(UserId uploader, CancellationToken cancellationToken = default)
    {
        var now = NowMs();
        var pending = await _store.CountPendingAsync(uploader.ToString(), now, cancellationToken).ConfigureAwait(false);
        if (pending >= _options.MaxPendingUploadsPerUser)
        {
            throw MatrixException.LimitExceeded(error: $"Too many pending media uploads (at most {_options.MaxPendingUploadsPerUser}); upload or let some expire first.");
        }

        var expires = now + (long)_options.UnusedExpiry.TotalMilliseconds;
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            var uri = MxcUri.New(_serverName);
            var record = new MediaRecord(uri.MediaId, uploader.ToString(), null, null, null, null, now, null, expires);
            if (await _store.TryInsertAsync(record, null, cancellationToken).ConfigureAwait(false))
            {
                return new MediaCreated(uri, expires);
            }
        }

        throw MatrixException.Unknown("Could not allocate a media id.");
    }

    public async Task UploadToAsync(UserId uploader, string serverName, string mediaId, MediaUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var fileName = CheckUpload(upload);
        var record = await FindLocalAsync(serverName, mediaId, cancellationToken).ConfigureAwait(false)
            ?? throw MatrixException.NotFound("Unknown media ID.");
        if (record.Uploader != uploader.ToString())
        {
            throw MatrixException.Forbidden("Only the user who created this media ID may upload to it.");
        }

        if (record.IsUploaded)
        {
            throw MatrixException.CannotOverwriteMedia();
        }

        if (record.IsExpired(NowMs()))
        {
            throw MatrixException.NotFound("This media ID has expired.");
        }

        using var staged = await _content.StageAsync(upload.Content, MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        var content = new MediaContentInfo(staged.Sha256, staged.Length, MediaContentTypes.Normalize(upload.ContentType), fileName, NowMs());
        if (!await _store.TryCompleteUploadAsync(record.MediaId, content, _ => PublishAsync(staged), cancellationToken).ConfigureAwait(false))
        {
            // A concurrent PUT to the same id won.
            throw MatrixException.CannotOverwriteMedia();
        }

        Log.Uploaded(_logger, record.MediaId, uploader.ToString(), staged.Length);
        try
        {
            await _grains.GetGrain<IMediaUploadGrain>(record.MediaId).NotifyUploadedAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The upload is stored; waiters re-read the record when their wait ends, so they are late, not wrong.
            Log.NotifyFailed(_logger, record.MediaId, ex);
        }
    }

    public async Task<MediaDeletionReport> DeleteUserMediaAsync(UserId user, CancellationToken cancellationToken = default)
    {
        var deleted = await _store.DeleteByUploaderAsync(user.ToString(), cancellationToken).ConfigureAwait(false);
        var files = 0;
        foreach (var sha256 in deleted.Select(r => r.Sha256).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!MediaContentStore.IsValidHash(sha256))
            {
                continue;
            }

            var removed = false;
            await _store.DeleteContentIfUnreferencedAsync(
                sha256,
                _ =>
                {
                    removed = _content.Delete(sha256);
                    _thumbnailer.DeleteAll(sha256);
                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            files += removed ? 1 : 0;
        }

        Log.UserMediaDeleted(_logger, user.ToString(), deleted.Count, files);
        return new MediaDeletionReport(deleted.Count, files);
    }

    private string? CheckUpload(MediaUpload upload)
    {
        if (upload.DeclaredLength > MaxUploadBytes)
        {
            throw MatrixException.TooLarge($"Cannot upload files larger than {MaxUploadBytes} bytes.");
        }

        if (upload.FileName is { } name && (name.Length > MaxFileNameLength || name.Any(char.IsControl)))
        {
            throw MatrixException.InvalidParam($"'filename' must be at most {MaxFileNameLength} characters without control characters.");
        }

        return string.IsNullOrEmpty(upload.FileName) ? null : upload.FileName;
    }

    private Task PublishAsync(StagedContent staged)
    {
        _content.Publish(staged);
        return Task.CompletedTask;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6120, Level = LogLevel.Information, Message = "Media {MediaId} uploaded by {UserId} ({Length} bytes)")]
        public static partial void Uploaded(ILogger logger, string mediaId, string userId, long length);

        [LoggerMessage(EventId = 6121, Level = LogLevel.Warning, Message = "Could not wake waiters of media {MediaId}; they will see it when their wait ends")]
        public static partial void NotifyFailed(ILogger logger, string mediaId, Exception exception);

        [LoggerMessage(EventId = 6122, Level = LogLevel.Error, Message = "Content of media {MediaId} ({Sha256}) is missing from the content directory")]
        public static partial void ContentMissing(ILogger logger, string mediaId, string? sha256);

        [LoggerMessage(EventId = 6123, Level = LogLevel.Debug, Message = "Thumbnail refused: {Reason}")]
        public static partial void ThumbnailsUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 6124, Level = LogLevel.Information, Message = "Deleted {MediaCount} media of {UserId} and {FileCount} unreferenced content files")]
        public static partial void UserMediaDeleted(ILogger logger, string userId, int mediaCount, int fileCount);
    }
}
