using ClawChat.Storage.Media;

namespace ClawChat.Api.Tests.Media.Storage;

public sealed class InMemoryMediaStoreTests : MediaStoreContractTests, IDisposable
{
    private readonly InMemoryMediaStore _store = new();

    protected override IMediaStore Store => _store;

    public void Dispose() => _store.Dispose();
}
