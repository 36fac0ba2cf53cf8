using ClawChat.Grains.Interfaces.Media;
using ClawChat.Runtime;
using ClawChat.Storage.Media;

namespace ClawChat.Grains.Media;

/// <summary>See <see cref="IMediaUploadGrain"/>. The store stays the source of truth: a waiter registers
/// before it reads the record, so an upload that lands between the read and the wait still wakes it, and an
/// activation that starts after the upload (say, after a silo restart) learns from the read alone.</summary>
[GrainType("media-upload")]
[CollectionAge(2)]
public sealed class MediaUploadGrain : Grain, IMediaUploadGrain
{
    private readonly IMediaStore _store;
    private readonly TimeProvider _time;
    private readonly List<TaskCompletionSource> _waiters = [];
    private bool _uploaded;

    public MediaUploadGrain(IMediaStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<bool> WaitForUploadAsync(int timeoutMs, CancellationToken cancellationToken)
    {
        if (_uploaded)
        {
            return true;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(waiter);
        try
        {
            var record = await _store.GetAsync(GetPrimaryKeyString(), cancellationToken);
            if (record is null || record.IsExpired(_time.GetUtcNow().ToUnixTimeMilliseconds()))
            {
                return false;
            }

            if (record.IsUploaded)
            {
                _uploaded = true;
                return true;
            }

            try
            {
                await waiter.Task.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, timeoutMs)), _time, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
        finally
        {
            _waiters.Remove(waiter);
        }
    }

    public Task NotifyUploadedAsync()
    {
        _uploaded = true;
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
