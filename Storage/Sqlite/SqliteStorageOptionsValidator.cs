using Microsoft.Extensions.Options;

namespace ClawChat.Storage.Sqlite;

public sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"{nameof(SqliteStorageOptions.DatabasePath)} must be set (got '{options.DatabasePath}').");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{nameof(SqliteStorageOptions.BusyTimeout)} must be between 0 and 10 minutes (got '{options.BusyTimeout}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
