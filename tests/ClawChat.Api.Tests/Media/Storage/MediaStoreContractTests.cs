using ClawChat.Storage.Media;

namespace ClawChat.Api.Tests.Media.Storage;

/// <summary>What every <see cref="IMediaStore"/> must do; one subclass per backend.</summary>
public abstract class MediaStoreContractTests
{
    private static readonly string Sha = new('a', 64);

    protected abstract IMediaStore Store { get; }

    [Fact]
    public async Task Insert_ThenGet_RoundTripsEveryField()
    {
        var record = Uploaded("alice", Sha) with { ContentType = "image/png", UploadName = "ünïcode.png" };

        Assert.True(await Store.TryInsertAsync(record, _ => Task.CompletedTask));

        Assert.Equal(record, await Store.GetAsync(record.MediaId));
    }

    [Fact]
    public async Task Insert_OfAnExistingId_IsRefused_WithoutPublishing()
    {
        var record = Uploaded("alice", Sha);
        await Store.TryInsertAsync(record);
        var published = false;

        var inserted = await Store.TryInsertAsync(record with { Uploader = "@mallory:test" }, _ => { published = true; return Task.CompletedTask; });

        Assert.False(inserted);
        Assert.False(published);
        Assert.Equal(record, await Store.GetAsync(record.MediaId));
    }

    [Fact]
    public async Task Insert_RollsBack_WhenPublishingFails()
    {
        var record = Uploaded("alice", Sha);

        await Assert.ThrowsAsync<IOException>(() => Store.TryInsertAsync(record, _ => throw new IOException("disk full")));

        Assert.Null(await Store.GetAsync(record.MediaId));
    }

    [Fact]
    public async Task CompleteUpload_FillsAPendingRecord_Once()
    {
        var pending = Pending("alice", expiresTs: 5_000);
        await Store.TryInsertAsync(pending);
        var content = new MediaContentInfo(Sha, 42, "text/plain", "a.txt", 2_000);

        var first = await Store.TryCompleteUploadAsync(pending.MediaId, content, _ => Task.CompletedTask);
        var second = await Store.TryCompleteUploadAsync(pending.MediaId, content with { Size = 1 }, _ => Task.CompletedTask);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(pending with { Sha256 = Sha, Size = 42, ContentType = "text/plain", UploadName = "a.txt", UploadedTs = 2_000, ExpiresTs = null }, await Store.GetAsync(pending.MediaId));
    }

    [Fact]
    public async Task CompleteUpload_OfAnUnknownId_IsRefused()
    {
        Assert.False(await Store.TryCompleteUploadAsync(NewId(), new MediaContentInfo(Sha, 1, null, null, 1), _ => Task.CompletedTask));
    }

    [Fact]
    public async Task CountPending_CountsOnlyUnexpiredPendingRecordsOfTheUploader()
    {
        var uploader = "@" + NewId() + ":test";
        await Store.TryInsertAsync(Pending(uploader, expiresTs: 10_000));
        await Store.TryInsertAsync(Pending(uploader, expiresTs: 500));
        await Store.TryInsertAsync(Uploaded(uploader, Sha));
        await Store.TryInsertAsync(Pending("@someone-else:test", expiresTs: 10_000));

        Assert.Equal(1, await Store.CountPendingAsync(uploader, nowTs: 1_000));
    }

    [Fact]
    public async Task DeleteByUploader_ReturnsAndRemovesOnlyThatUploadersRecords()
    {
        var uploader = "@" + NewId() + ":test";
        var mine = new[] { Uploaded(uploader, Sha, createdTs: 1), Pending(uploader, 99, createdTs: 2) };
        var theirs = Uploaded("@other:test", Sha);
        foreach (var record in mine.Append(theirs))
        {
            await Store.TryInsertAsync(record);
        }

        var deleted = await Store.DeleteByUploaderAsync(uploader);

        Assert.Equal(mine, deleted);
        Assert.Empty(await Store.ListByUploaderAsync(uploader));
        Assert.NotNull(await Store.GetAsync(theirs.MediaId));
    }

    [Fact]
    public async Task DeleteContentIfUnreferenced_RunsOnlyWhenNothingReferencesTheHash()
    {
        var sha = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var record = Uploaded("@" + NewId() + ":test", sha);
        await Store.TryInsertAsync(record);
        var deletions = 0;
        Task Delete(CancellationToken _)
        {
            deletions++;
            return Task.CompletedTask;
        }

        var whileReferenced = await Store.DeleteContentIfUnreferencedAsync(sha, Delete);
        await Store.DeleteByUploaderAsync(record.Uploader);
        var afterwards = await Store.DeleteContentIfUnreferencedAsync(sha, Delete);

        Assert.False(whileReferenced);
        Assert.True(afterwards);
        Assert.Equal(1, deletions);
    }

    [Fact]
    public async Task DeleteExpiredPending_KeepsUploadedAndUnexpiredRecords()
    {
        var expired = Pending("@" + NewId() + ":test", expiresTs: 100);
        var live = Pending(expired.Uploader, expiresTs: long.MaxValue);
        var uploaded = Uploaded(expired.Uploader, Sha);
        foreach (var record in new[] { expired, live, uploaded })
        {
            await Store.TryInsertAsync(record);
        }

        Assert.True(await Store.DeleteExpiredPendingAsync(nowTs: 1_000) >= 1);

        Assert.Null(await Store.GetAsync(expired.MediaId));
        Assert.NotNull(await Store.GetAsync(live.MediaId));
        Assert.NotNull(await Store.GetAsync(uploaded.MediaId));
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static MediaRecord Uploaded(string uploader, string sha, long createdTs = 1_000) =>
        new(NewId(), uploader, "application/octet-stream", null, 3, sha, createdTs, createdTs, null);

    private static MediaRecord Pending(string uploader, long expiresTs, long createdTs = 1_000) =>
        new(NewId(), uploader, null, null, null, null, createdTs, null, expiresTs);
}
