namespace ClawChat.Grains.Interfaces.Media;

/// <summary>Content ready to send: an open, seekable stream and what the response headers need. The caller
/// owns the stream.</summary>
public sealed class MediaContent : IAsyncDisposable, IDisposable
{
    public MediaContent(Stream content, long length, string contentType, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        Content = content;
        Length = length;
        ContentType = contentType;
        FileName = fileName;
    }

    public Stream Content { get; }

    /// <summary>Length in bytes.</summary>
    public long Length { get; }

    /// <summary>The media type to serve it as (already checked to be a valid media type).</summary>
    public string ContentType { get; }

    /// <summary>The uploaded file name (or a generated one for thumbnails), or null.</summary>
    public string? FileName { get; }

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
