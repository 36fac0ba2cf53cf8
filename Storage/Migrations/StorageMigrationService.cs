using Microsoft.Extensions.Hosting;

namespace ClawChat.Storage.Migrations;

/// <summary>Migrates the schema in <see cref="StartAsync"/>. The host starts hosted services in
/// registration order and awaits each, so everything registered after storage sees the current schema.</summary>
public sealed class StorageMigrationService : IHostedService
{
    private readonly IStorageMigrator _migrator;

    public StorageMigrationService(IStorageMigrator migrator)
    {
        ArgumentNullException.ThrowIfNull(migrator);
        _migrator = migrator;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
