using Microsoft.Extensions.Options;
using Npgsql;

namespace ClawChat.Storage.Postgres;

public sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{nameof(PostgresStorageOptions.ConnectionString)} must be set.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword; the value itself may hold a password, so it is not echoed.
            return ValidateOptionsResult.Fail($"{nameof(PostgresStorageOptions.ConnectionString)} is not a valid Npgsql connection string: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
