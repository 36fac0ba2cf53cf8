using ClawChat.Runtime.Storage;
using ClawChat.Storage.Events;
using ClawChat.Storage.GrainState;
using ClawChat.Storage.Media;
using ClawChat.Storage.Migrations;
using ClawChat.Storage.Postgres;
using ClawChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ClawChat.Storage;

/// <summary>Registers one storage backend: the default (non-keyed) <see cref="IGrainStorage"/>, the
/// <see cref="IEventStore"/>, the <see cref="IMediaStore"/>, and a hosted service that migrates the schema at start-up. Call it before
/// registering anything that touches storage in its own <c>StartAsync</c>. State serialization is
/// configured through <see cref="GrainStorageOptions"/>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Embedded SQLite at <paramref name="databasePath"/> (its directory is created if missing).</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SqliteStorageOptions>()
            .Configure(o => o.DatabasePath = databasePath)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value));
        services.AddSingleton<IGrainStorage>(sp => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>(), GrainOptions(sp)));
        services.AddSingleton<IEventStore>(sp => new SqliteEventStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IMediaStore>(sp => new SqliteMediaStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStorageMigrator>(sp => new SqliteMigrator(
            sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<ILogger<SqliteMigrator>>()));
        return AddCommon(services);
    }

    /// <summary>PostgreSQL through one process-wide <see cref="NpgsqlDataSource"/> (registered as a
    /// singleton unless one is already registered).</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostgresStorageOptions>()
            .Configure(o => o.ConnectionString = connectionString)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.TryAddSingleton(sp => PostgresDataSourceFactory.Create(sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value));
        services.AddSingleton<IGrainStorage>(sp => new PostgresGrainStorage(sp.GetRequiredService<NpgsqlDataSource>(), GrainOptions(sp)));
        services.AddSingleton<IEventStore>(sp => new PostgresEventStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IMediaStore>(sp => new PostgresMediaStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IStorageMigrator>(sp => new PostgresMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<PostgresMigrator>>()));
        return AddCommon(services);
    }

    /// <summary>Process-local storage for unit tests and throw-away runs; nothing survives a restart.</summary>
    public static IServiceCollection AddInMemoryStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IGrainStorage>(sp => new InMemoryGrainStorage(GrainOptions(sp)));
        services.AddSingleton<IEventStore, InMemoryEventStore>();
        services.AddSingleton<IMediaStore, InMemoryMediaStore>();
        services.AddSingleton<IStorageMigrator, NoOpMigrator>();
        return AddCommon(services);
    }

    private static IServiceCollection AddCommon(IServiceCollection services)
    {
        services.AddOptions<GrainStorageOptions>();
        services.AddLogging();
        services.AddHostedService<StorageMigrationService>();
        return services;
    }

    private static GrainStorageOptions GrainOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GrainStorageOptions>>().Value;
}
