namespace ClawChat.Storage.Media;

/// <summary>Metadata of one piece of local media (DIGEST §14: media id → uploader, content type, file name,
/// size, sha256, created). A record without <see cref="Sha256"/> is a pending asynchronous upload
/// (<c>POST /_matrix/media/v1/create</c>) that expires at <see cref="ExpiresTs"/>. Once content is set it
/// never changes: mxc URIs are immutable.</summary>
/// <param name="MediaId">The media id part of the <c>mxc://</c> URI.</param>
/// <param name="Uploader">The user id that created the media.</param>
/// <param name="ContentType">The media type given at upload, or null.</param>
/// <param name="UploadName">The <c>filename</c> given at upload, or null.</param>
/// <param name="Size">Content length in bytes; null while pending.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content (its address on disk); null while pending.</param>
/// <param name="CreatedTs">Creation time, milliseconds since the Unix epoch.</param>
/// <param name="UploadedTs">When the content arrived; null while pending.</param>
/// <param name="ExpiresTs">For pending records: when the unused id expires; otherwise null.</param>
public sealed record MediaRecord(
    string MediaId,
    string Uploader,
    string? ContentType,
    string? UploadName,
    long? Size,
    string? Sha256,
    long CreatedTs,
    long? UploadedTs,
    long? ExpiresTs)
{
    /// <summary>True once the content has been uploaded.</summary>
    public bool IsUploaded => Sha256 is not null;

    /// <summary>True for a pending record whose unused id has expired at <paramref name="nowTs"/>.</summary>
    public bool IsExpired(long nowTs) => !IsUploaded && ExpiresTs is { } expires && expires <= nowTs;
}
