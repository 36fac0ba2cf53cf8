using ClawChat.Matrix.Identifiers;

namespace ClawChat.Grains.Interfaces.Media;

/// <summary>The media repository (DIGEST §14): uploads, downloads and thumbnails of local media, and the
/// admin deletion of a user's media. Failures are <see cref="ClawChat.Matrix.Errors.MatrixException"/>s
/// carrying the spec's error codes.</summary>
public interface IMediaService
{
    /// <summary>The upload limit in bytes (<c>m.upload.size</c>).</summary>
    long MaxUploadBytes { get; }

    /// <summary>Stores new content (<c>POST /_matrix/media/v3/upload</c>), streaming it to disk; 413
    /// M_TOO_LARGE as soon as more than <see cref="MaxUploadBytes"/> arrived.</summary>
    Task<MxcUri> UploadAsync(UserId uploader, MediaUpload upload, CancellationToken cancellationToken = default);

    /// <summary>Reserves an mxc URI for a later upload (<c>POST /_matrix/media/v1/create</c>).</summary>
    Task<MediaCreated> CreateAsync(UserId uploader, CancellationToken cancellationToken = default);

    /// <summary>Fills a reserved mxc URI (<c>PUT /_matrix/media/v3/upload/{serverName}/{mediaId}</c>): 404 when it
    /// was never created or has expired, 403 for anyone but its creator, 409 M_CANNOT_OVERWRITE_MEDIA once filled.</summary>
    Task UploadToAsync(UserId uploader, string serverName, string mediaId, MediaUpload upload, CancellationToken cancellationToken = default);

    /// <summary>Opens local content; waits up to <paramref name="wait"/> (capped by configuration) for a pending
    /// asynchronous upload, then 504 M_NOT_YET_UPLOADED. Unknown media is 404 M_NOT_FOUND.</summary>
    Task<MediaContent> DownloadAsync(string serverName, string mediaId, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>A thumbnail of local image content, or the original when it is already small enough.</summary>
    Task<MediaContent> GetThumbnailAsync(string serverName, string mediaId, ThumbnailRequest request, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Deletes every media record <paramref name="user"/> uploaded, then the content (and its
    /// thumbnails) no other record references. Used by the <c>delete-user-media</c> admin command.</summary>
    Task<MediaDeletionReport> DeleteUserMediaAsync(UserId user, CancellationToken cancellationToken = default);
}
