using System.Collections.Frozen;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Grains.Media.Vips;
using ClawChat.Matrix.Errors;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Media;

/// <summary>Thumbnails through libvips, cached on disk at <c>&lt;thumbnails&gt;/ab/cd/&lt;sha256&gt;/&lt;variant&gt;</c>.
/// The cache is keyed by content hash and the planned variant, so identical uploads and requests that plan
/// to the same output (e.g. any box larger than the image) share one file. Generation is CPU-bound native
/// work, so at most <see cref="MediaOptions.MaxConcurrentThumbnails"/> run at once per silo and the rest
/// wait (bounded by <see cref="MediaOptions.ThumbnailQueueTimeout"/>).</summary>
internal sealed partial class MediaThumbnailer : IDisposable
{
    // What libvips must agree the bytes are, per sniffed format; its loader choice is checked against this so
    // that no other decoder (SVG, PDF, TIFF… which Debian's libvips also links) ever sees an upload.
    private static readonly FrozenDictionary<MediaImageFormat, (string Loader, string[] Classes)> Loaders =
        new Dictionary<MediaImageFormat, (string, string[])>
        {
            [MediaImageFormat.Png] = ("pngload", ["VipsForeignLoadPngFile"]),
            [MediaImageFormat.Jpeg] = ("jpegload", ["VipsForeignLoadJpegFile"]),
            [MediaImageFormat.Gif] = ("gifload", ["VipsForeignLoadNsgifFile", "VipsForeignLoadGifFile"]),
            [MediaImageFormat.WebP] = ("webpload", ["VipsForeignLoadWebpFile"]),
        }.ToFrozenDictionary();

    private readonly string _directory;
    private readonly MediaOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;

    public MediaThumbnailer(string thumbnailDirectory, MediaOptions options, ILogger<MediaThumbnailer> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(thumbnailDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = Path.GetFullPath(thumbnailDirectory);
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrentThumbnails, options.MaxConcurrentThumbnails);
        _logger = logger;
    }

    public string CacheDirectory => _directory;

    /// <summary>Reads an image's header (dimensions, frames) with the loader its sniffed format calls for.</summary>
    /// <exception cref="MatrixException">400 when libvips does not read the bytes as that format.</exception>
    public static ImageInfo Probe(string path, MediaImageFormat format)
    {
        var (loader, classes) = Loaders[format];
        if (VipsImage.FindLoader(path) is not { } found || !classes.Contains(found))
        {
            throw CannotThumbnail();
        }

        try
        {
            using var image = VipsImage.Load(loader, path);
            return new ImageInfo(format, image.Width, image.Height, Math.Max(1, image.Pages));
        }
        catch (VipsException)
        {
            throw CannotThumbnail();
        }
    }

    /// <summary>The thumbnail of the content at <paramref name="sourcePath"/>, or null when the original
    /// itself is the answer.</summary>
    public async Task<MediaContent?> GetAsync(string sha256, string sourcePath, MediaImageFormat format, ThumbnailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = Probe(sourcePath, format);
        if ((long)source.Width * source.Height > _options.MaxThumbnailPixels)
        {
            throw MatrixException.TooLarge("Content is too large to thumbnail.");
        }

        var plan = ThumbnailPlanner.Plan(source, request);
        if (plan.Animated && (long)source.Width * source.Height * source.Pages > _options.MaxThumbnailPixels)
        {
            plan = ThumbnailPlanner.Plan(source, request with { Animated = false });
        }

        if (plan.UseOriginal)
        {
            return null;
        }

        var contentType = ImageFormatSniffer.ContentType(plan.Output);
        var fileName = "thumbnail." + ImageFormatSniffer.Extension(plan.Output);
        var variantDirectory = Path.Combine(_directory, sha256[..2], sha256[2..4], sha256);
        var cachePath = Path.Combine(variantDirectory, plan.CacheName);
        if (OpenCached(cachePath) is { } cached)
        {
            return new MediaContent(cached, cached.Length, contentType, fileName);
        }

        if (!await _slots.WaitAsync(_options.ThumbnailQueueTimeout, cancellationToken).ConfigureAwait(false))
        {
            Log.QueueTimeout(_logger, _options.ThumbnailQueueTimeout);
            throw MatrixException.Unknown("The server is busy generating thumbnails; retry shortly.", 503);
        }

        byte[] bytes;
        try
        {
            // A request that queued behind an identical one finds its result here.
            if (OpenCached(cachePath) is { } justMade)
            {
                return new MediaContent(justMade, justMade.Length, contentType, fileName);
            }

            bytes = await Task.Run(() => Generate(sourcePath, plan), cancellationToken).ConfigureAwait(false);
        }
        catch (VipsException ex)
        {
            // Truncated or corrupt images land here; the client gets the spec's 400, the operator the detail.
            Log.GenerationFailed(_logger, sha256, ex);
            throw CannotThumbnail();
        }
        finally
        {
            _slots.Release();
        }

        TryCache(variantDirectory, cachePath, bytes);
        return new MediaContent(new MemoryStream(bytes, writable: false), bytes.Length, contentType, fileName);
    }

    /// <summary>Deletes every cached thumbnail of one content (when the content itself is deleted).</summary>
    public void DeleteAll(string sha256)
    {
        var variantDirectory = Path.Combine(_directory, sha256[..2], sha256[2..4], sha256);
        if (Directory.Exists(variantDirectory))
        {
            Directory.Delete(variantDirectory, recursive: true);
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Runs the plan: <c>vips_thumbnail</c> (shrink-on-load, never upscaling) and one encoder.</summary>
    internal static byte[] Generate(string sourcePath, ThumbnailPlan plan)
    {
        var options = FormattableString.Invariant($"height={plan.Height},size=down") + (plan.Crop ? ",crop=centre" : string.Empty);
        using var image = VipsImage.Thumbnail(sourcePath, plan.Width, options, plan.Animated ? "n=-1" : null);
        // strip: thumbnails must not carry the original's metadata (EXIF can hold the camera's location).
        return plan.Output switch
        {
            MediaImageFormat.Jpeg => image.Save("jpegsave_buffer", "Q=80,strip"),
            MediaImageFormat.WebP => image.Save("webpsave_buffer", "Q=80,strip"),
            _ => image.Save("pngsave_buffer", "strip"),
        };
    }

    private static FileStream? OpenCached(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void TryCache(string variantDirectory, string cachePath, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(variantDirectory);
            if (Directory.EnumerateFiles(variantDirectory).Count() >= _options.MaxCachedThumbnailsPerContent)
            {
                Log.CacheFull(_logger, Path.GetFileName(variantDirectory));
                return;
            }

            // Written aside and renamed, so a concurrent reader sees the whole file or none.
            var temp = cachePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, cachePath, overwrite: true);
        }
        catch (IOException ex)
        {
            Log.CacheWriteFailed(_logger, cachePath, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.CacheWriteFailed(_logger, cachePath, ex);
        }
    }

    private static MatrixException CannotThumbnail() =>
        new(400, MatrixErrorCode.Unknown, "Cannot generate thumbnails for the requested content.");

    private static partial class Log
    {
        [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "No thumbnail slot became free within {Timeout}; request refused")]
        public static partial void QueueTimeout(ILogger logger, TimeSpan timeout);

        [LoggerMessage(EventId = 6111, Level = LogLevel.Debug, Message = "Thumbnail cache for content {Sha256} is full; serving uncached")]
        public static partial void CacheFull(ILogger logger, string sha256);

        [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "Thumbnailing content {Sha256} failed")]
        public static partial void GenerationFailed(ILogger logger, string sha256, Exception exception);

        [LoggerMessage(EventId = 6112, Level = LogLevel.Warning, Message = "Could not cache thumbnail {Path}")]
        public static partial void CacheWriteFailed(ILogger logger, string path, Exception exception);
    }
}
