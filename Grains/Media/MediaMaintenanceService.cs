using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Media.Vips;
using ClawChat.Storage.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Media;

/// <summary>Start-up report of the media configuration (and of a missing libvips, which only disables
/// thumbnails), then an hourly sweep: expired asynchronous-upload ids and temporary files of interrupted
/// uploads. Every silo may sweep; the deletes are idempotent.</summary>
internal sealed partial class MediaMaintenanceService(
    IMediaStore store,
    MediaContentStore content,
    MediaThumbnailer thumbnailer,
    MediaOptions options,
    long maxUploadBytes,
    TimeProvider time,
    ILogger<MediaMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, content.ContentDirectory, thumbnailer.CacheDirectory, maxUploadBytes);
        // libvips (with GLib and its codecs) costs tens of MB of RSS once loaded, so it is loaded on the first
        // thumbnail, not at start: a small box that never serves thumbnails never pays. Only report whether the
        // library file is installed, which costs nothing.
        if (VipsLibrary.IsInstalled())
        {
            Log.VipsReady(logger, "(loaded on first use)", options.MaxConcurrentThumbnails);
        }
        else
        {
            Log.VipsMissing(logger, VipsLibrary.MissingLibraryHint);
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                var expired = await store.DeleteExpiredPendingAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
                if (expired > 0)
                {
                    Log.ExpiredDeleted(logger, expired);
                }

                content.SweepStaleTemporaryFiles(time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6130, Level = LogLevel.Information, Message = "Media content in {ContentDirectory}, thumbnails in {ThumbnailDirectory}, upload limit {MaxUploadBytes} bytes")]
        public static partial void Started(ILogger logger, string contentDirectory, string thumbnailDirectory, long maxUploadBytes);

        [LoggerMessage(EventId = 6131, Level = LogLevel.Information, Message = "Thumbnails by libvips {Version}, at most {Slots} at a time")]
        public static partial void VipsReady(ILogger logger, string version, int slots);

        [LoggerMessage(EventId = 6132, Level = LogLevel.Warning, Message = "Thumbnails are disabled: {Reason}")]
        public static partial void VipsMissing(ILogger logger, string reason);

        [LoggerMessage(EventId = 6133, Level = LogLevel.Information, Message = "Deleted {Count} expired unused media ids")]
        public static partial void ExpiredDeleted(ILogger logger, int count);

        [LoggerMessage(EventId = 6134, Level = LogLevel.Error, Message = "Media maintenance sweep failed; retrying next period")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
