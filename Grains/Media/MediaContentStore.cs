using System.Buffers;
using System.Security.Cryptography;
using ClawChat.Matrix.Errors;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Media;

/// <summary>Media content on disk, content-addressed: <c>&lt;root&gt;/ab/cd/&lt;sha256&gt;</c>, so identical
/// uploads share one file. An upload streams into <c>&lt;root&gt;/tmp</c> while it is hashed (never buffered
/// whole in memory), then is renamed to its address; the temporary directory sits inside the root so the
/// rename stays on one filesystem and is atomic, and readers never see a partial file. Content files are
/// immutable once in place; publishing and deleting them happen only inside the metadata store's per-hash
/// lock (see <see cref="ClawChat.Storage.Media.IMediaStore"/>).</summary>
internal sealed partial class MediaContentStore
{
    // 80 KB: below the large-object-heap threshold, and large enough that a 10 MB upload is ~128 writes.
    private const int CopyBufferSize = 80 * 1024;

    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    private readonly string _tempDirectory;
    private readonly ILogger _logger;

    public MediaContentStore(string contentDirectory, ILogger<MediaContentStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        ContentDirectory = Path.GetFullPath(contentDirectory);
        _tempDirectory = Path.Combine(ContentDirectory, "tmp");
        _logger = logger;
    }

    public string ContentDirectory { get; }

    /// <summary>Whether <paramref name="sha256"/> is a lower-case hex SHA-256 (64 characters). Checked before a
    /// hash becomes part of a path.</summary>
    public static bool IsValidHash(string? sha256) =>
        sha256 is { Length: 64 } && sha256.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>Where content with this hash lives.</summary>
    public string PathFor(string sha256)
    {
        if (!IsValidHash(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(ContentDirectory, sha256[..2], sha256[2..4], sha256);
    }

    /// <summary>Streams <paramref name="source"/> to a temporary file, hashing as it goes; 413 M_TOO_LARGE
    /// the moment more than <paramref name="maxBytes"/> arrived (the rest of the body is never read).</summary>
    public async Task<StagedContent> StageAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(_tempDirectory);
        var tempPath = Path.Combine(_tempDirectory, Guid.NewGuid().ToString("N"));
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            // bufferSize 0: the copy loop already writes large chunks, so FileStream's own buffer is pure overhead.
            var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw MatrixException.TooLarge($"Cannot upload files larger than {maxBytes} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                // On disk before the rename makes it visible: a crash must not leave a truncated file at an address.
                file.Flush(flushToDisk: true);
            }

            return new StagedContent(tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves staged content to its address, or drops it when identical content is already there.
    /// Call only under the store's hash lock.</summary>
    /// <returns>True when a new file was created.</returns>
    public bool Publish(StagedContent staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var target = PathFor(staged.Sha256);
        if (File.Exists(target))
        {
            staged.Dispose();
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged.TempPath, target, overwrite: false);
            Log.ContentStored(_logger, staged.Sha256, staged.Length);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another process published the same content first (a shared directory in cluster mode).
            staged.Dispose();
            return false;
        }
    }

    /// <summary>Opens content for reading, or null when the file is missing.</summary>
    public FileStream? OpenRead(string sha256)
    {
        try
        {
            return new FileStream(PathFor(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
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

    /// <summary>Deletes content. Call only under the store's hash lock, after checking nothing references it.</summary>
    /// <returns>True when a file was deleted.</returns>
    public bool Delete(string sha256)
    {
        var path = PathFor(sha256);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        Log.ContentDeleted(_logger, sha256);
        return true;
    }

    /// <summary>Removes temporary files an interrupted upload left behind. Only old ones: in cluster mode
    /// another silo may be streaming into the same directory right now.</summary>
    public int SweepStaleTemporaryFiles(DateTimeOffset now)
    {
        if (!Directory.Exists(_tempDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in new DirectoryInfo(_tempDirectory).EnumerateFiles())
        {
            if (now - file.LastWriteTimeUtc > StaleTempAge && TryDelete(file.FullName))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            Log.TempSwept(_logger, removed, _tempDirectory);
        }

        return removed;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Media content {Sha256} stored ({Length} bytes)")]
        public static partial void ContentStored(ILogger logger, string sha256, long length);

        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Media content {Sha256} deleted (no longer referenced)")]
        public static partial void ContentDeleted(ILogger logger, string sha256);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Removed {Count} stale temporary upload files from {Directory}")]
        public static partial void TempSwept(ILogger logger, int count, string directory);
    }
}
