namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>The media repository (section <c>ClawChat:Media</c>; environment <c>ClawChat__Media__Key</c>).</summary>
public sealed class MediaOptions
{
    public const string SectionName = "ClawChat:Media";

    /// <summary>Where uploaded content lives, one file per distinct content at <c>ab/cd/&lt;sha256&gt;</c>.
    /// Default <c>&lt;DataDirectory&gt;/media/content</c>. In cluster mode point every silo at the same shared
    /// directory, so any silo can serve any upload.</summary>
    public string? ContentDirectory { get; set; }

    /// <summary>Cache of generated thumbnails (safe to delete). Default: <c>thumbnails</c> next to the content
    /// directory, so a shared content directory shares thumbnails too.</summary>
    public string? ThumbnailDirectory { get; set; }

    /// <summary>Largest accepted upload in bytes, enforced while the body streams in. Default
    /// <c>ClawChat:MaxRequestBytes</c> (10 MB). Advertised as <c>m.upload.size</c>.</summary>
    public long? MaxUploadBytes { get; set; }

    /// <summary>Thumbnails generated at the same time on one silo (each one is CPU-bound native work);
    /// further requests wait their turn. Default 2.</summary>
    public int MaxConcurrentThumbnails { get; set; } = 2;

    /// <summary>How long a thumbnail request waits for a free slot before 503. Default 30 seconds.</summary>
    public TimeSpan ThumbnailQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Images with more pixels than this are not thumbnailed (413 M_TOO_LARGE), a guard against
    /// decompression bombs. Default 32 megapixels.</summary>
    public long MaxThumbnailPixels { get; set; } = 32_000_000;

    /// <summary>Distinct thumbnail sizes kept on disk per content; sizes past it are generated but not
    /// cached, so arbitrary requested sizes cannot fill the disk. Default 32.</summary>
    public int MaxCachedThumbnailsPerContent { get; set; } = 32;

    /// <summary>Upper bound on a download's <c>timeout_ms</c> wait for an asynchronous upload (the spec's
    /// default wait is 20 seconds). Default 30 seconds; at most 90.</summary>
    public TimeSpan MaxUploadWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an id from <c>POST /_matrix/media/v1/create</c> stays usable without content
    /// (<c>unused_expires_at</c>). Default 24 hours, the spec's recommendation.</summary>
    public TimeSpan UnusedExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Created-but-not-uploaded ids one user may hold at once (429 M_LIMIT_EXCEEDED past it). Default 10.</summary>
    public int MaxPendingUploadsPerUser { get; set; } = 10;

    public UrlPreviewSection UrlPreview { get; set; } = new();

    /// <summary>The effective content directory.</summary>
    public string ResolveContentDirectory(string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(ContentDirectory)
            ? Path.Combine(dataDirectory, "media", "content")
            : ContentDirectory);

    /// <summary>The effective thumbnail directory.</summary>
    public string ResolveThumbnailDirectory(string dataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(ThumbnailDirectory)
            ? Path.Combine(ResolveContentDirectory(dataDirectory), "..", "thumbnails")
            : ThumbnailDirectory);

    /// <summary>The effective upload limit.</summary>
    public long ResolveMaxUploadBytes(long maxRequestBytes) => MaxUploadBytes ?? maxRequestBytes;

    /// <summary><c>GET /_matrix/client/v1/media/preview_url</c>: the server fetches URLs on a user's behalf,
    /// so it is off by default, and never reaches private, loopback or link-local addresses.</summary>
    public sealed class UrlPreviewSection
    {
        /// <summary>Default false: the endpoint answers 404 M_UNRECOGNIZED.</summary>
        public bool Enabled { get; set; }

        /// <summary>Most bytes read from a previewed page. Default 1 MB.</summary>
        public long MaxBytes { get; set; } = 1024 * 1024;

        /// <summary>Bound on fetching a page. Default 10 seconds.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>CIDR ranges that may be fetched even though they are private or loopback (for example
        /// an intranet wiki). Default none.</summary>
        public List<string> AllowedNetworks { get; set; } = [];
    }
}
