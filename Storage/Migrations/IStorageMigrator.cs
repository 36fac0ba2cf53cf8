namespace ClawChat.Storage.Migrations;

/// <summary>Brings a database's schema to the latest version. Safe to run again and, for PostgreSQL,
/// from several processes at once.</summary>
public interface IStorageMigrator
{
    /// <returns>The versions applied by this call (empty when the schema was already current).</returns>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default);
}
