using ClawChat.Runtime;

namespace ClawChat.Grains.Interfaces.Media;

/// <summary>Rendezvous for an asynchronous upload (key: the media id). Downloads of a created-but-empty mxc
/// URI wait here; the upload, on whichever silo it lands, wakes them. One activation per id in the cluster
/// is what makes the wake-up reach waiters on other silos.</summary>
[Alias("media-upload")]
public interface IMediaUploadGrain : IGrainWithStringKey
{
    /// <summary>Waits until the content is uploaded, at most <paramref name="timeoutMs"/> milliseconds.</summary>
    /// <returns>True when the content is there; false on timeout, or when the id is unknown or expired.</returns>
    [AlwaysInterleave]
    [ResponseTimeout("00:02:00")]
    Task<bool> WaitForUploadAsync(int timeoutMs, CancellationToken cancellationToken);

    /// <summary>Tells waiters the content has arrived.</summary>
    [AlwaysInterleave]
    Task NotifyUploadedAsync();
}
