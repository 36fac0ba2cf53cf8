namespace ClawChat.Storage.Media;

/// <summary>What an upload sets on a record: the content's address and the client-given description.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
/// <param name="Size">Content length in bytes.</param>
/// <param name="ContentType">The media type given at upload, or null.</param>
/// <param name="UploadName">The <c>filename</c> given at upload, or null.</param>
/// <param name="UploadedTs">Upload time, milliseconds since the Unix epoch.</param>
public sealed record MediaContentInfo(string Sha256, long Size, string? ContentType, string? UploadName, long UploadedTs);
