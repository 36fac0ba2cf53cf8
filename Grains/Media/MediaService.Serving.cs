using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Storage.Media;

namespace ClawChat.Grains.Media;

/// <summary>Serving: downloads, thumbnails, and the wait for asynchronous uploads.</summary>
public sealed partial class MediaService
{
    public async Task<MediaContent> DownloadAsync(string serverName, string mediaId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var record = await GetUploadedAsync(serverName, mediaId, wait, cancellationToken).ConfigureAwait(false);
        var stream = OpenContent(record);
        return new MediaContent(stream, stream.Length, MediaContentTypes.ForServing(record.ContentType), record.UploadName);
    }

    public async Task<MediaContent> GetThumbnailAsync(string serverName, string mediaId, ThumbnailRequest request, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await GetUploadedAsync(serverName, mediaId, wait, cancellationToken).ConfigureAwait(false);
        var original = OpenContent(record);
        var transferred = false;
        try
        {
            var header = new byte[ImageFormatSniffer.HeaderLength];
            var read = await original.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var format = ImageFormatSniffer.Sniff(header.AsSpan(0, read));
            if (format == MediaImageFormat.None)
            {
                throw new MatrixException(400, MatrixErrorCode.Unknown, "Cannot generate thumbnails for the requested content.");
            }

            MediaContent? thumbnail;
            try
            {
                thumbnail = await _thumbnailer.GetAsync(record.Sha256!, _content.PathFor(record.Sha256!), format, request, cancellationToken).ConfigureAwait(false);
            }
            catch (Vips.VipsUnavailableException ex)
            {
                Log.ThumbnailsUnavailable(_logger, ex.Message);
                throw MatrixException.Unknown("Thumbnails are unavailable on this server: " + ex.Message, 501);
            }

            if (thumbnail is not null)
            {
                return thumbnail;
            }

            // The original is already small enough: serve it, typed by its bytes rather than the upload's claim.
            original.Position = 0;
            transferred = true;
            return new MediaContent(original, original.Length, ImageFormatSniffer.ContentType(format), "thumbnail." + ImageFormatSniffer.Extension(format));
        }
        finally
        {
            if (!transferred)
            {
                await original.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A local, uploaded record: 404 for unknown or expired ids, and for other servers' media
    /// (fetching remote media over federation is not implemented yet); a pending upload is waited for.</summary>
    private async Task<MediaRecord> GetUploadedAsync(string serverName, string mediaId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var record = await FindLocalAsync(serverName, mediaId, cancellationToken).ConfigureAwait(false)
            ?? throw MatrixException.NotFound("Media not found.");
        if (record.IsUploaded)
        {
            return record;
        }

        if (record.IsExpired(NowMs()))
        {
            throw MatrixException.NotFound("Media not found.");
        }

        var timeout = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.MaxUploadWait ? _options.MaxUploadWait : wait;
        if (timeout > TimeSpan.Zero)
        {
            await _grains.GetGrain<IMediaUploadGrain>(record.MediaId).WaitForUploadAsync((int)timeout.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
            record = await _store.GetAsync(record.MediaId, cancellationToken).ConfigureAwait(false)
                ?? throw MatrixException.NotFound("Media not found.");
            if (record.IsUploaded)
            {
                return record;
            }
        }

        throw MatrixException.NotYetUploaded("Content has not yet been uploaded.");
    }

    private async Task<MediaRecord?> FindLocalAsync(string serverName, string mediaId, CancellationToken cancellationToken)
    {
        if (!string.Equals(serverName, _serverName.Value, StringComparison.Ordinal) || !MxcUri.IsValidMediaId(mediaId))
        {
            return null;
        }

        return await _store.GetAsync(mediaId, cancellationToken).ConfigureAwait(false);
    }

    private FileStream OpenContent(MediaRecord record)
    {
        if (MediaContentStore.IsValidHash(record.Sha256) && _content.OpenRead(record.Sha256!) is { } stream)
        {
            return stream;
        }

        Log.ContentMissing(_logger, record.MediaId, record.Sha256);
        throw MatrixException.NotFound("Media not found.");
    }
}
