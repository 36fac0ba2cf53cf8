namespace ClawChat.Grains.Interfaces.Media;

/// <summary>An upload as it arrives: the body stream (read once, never buffered whole), its declared
/// length when the client sent Content-Length, and the client's description of it.</summary>
/// <param name="Content">The request body.</param>
/// <param name="DeclaredLength">The Content-Length header, or null for a chunked body.</param>
/// <param name="ContentType">The Content-Type header, or null (served as <c>application/octet-stream</c>).</param>
/// <param name="FileName">The <c>filename</c> query parameter, or null.</param>
public sealed record MediaUpload(Stream Content, long? DeclaredLength, string? ContentType, string? FileName);
