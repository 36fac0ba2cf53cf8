namespace ClawChat.Storage.Migrations;

/// <summary>In-memory storage has no schema.</summary>
internal sealed class NoOpMigrator : IStorageMigrator
{
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<int>>([]);
}
