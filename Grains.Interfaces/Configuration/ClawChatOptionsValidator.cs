using ClawChat.Matrix.Identifiers;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Validates <see cref="ClawChatOptions"/> at start-up; each message names the key and the bad value.</summary>
public sealed class ClawChatOptionsValidator : IValidateOptions<ClawChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ClawChatOptions options)
    {
        var errors = new List<string>();
        if (!ServerName.TryParse(options.ServerName, out _))
        {
            errors.Add($"ClawChat:ServerName '{options.ServerName}' is not a valid Matrix server name (a host name, IPv4 or [IPv6] address, optionally with :port).");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("ClawChat:DataDirectory must not be empty.");
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"ClawChat:DataDirectory '{options.DataDirectory}' is not a valid path.");
        }

        if (options.Storage.Postgres is { } postgres && string.IsNullOrWhiteSpace(postgres))
        {
            errors.Add("ClawChat:Storage:Postgres is set but empty; remove it to use embedded SQLite.");
        }

        if (options.PublicBaseUrl is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query)))
        {
            errors.Add($"ClawChat:PublicBaseUrl '{baseUrl}' must be an absolute http(s) URL without a query, e.g. https://matrix.example.org.");
        }

        if (options.MaxRequestBytes < 1024)
        {
            errors.Add($"ClawChat:MaxRequestBytes must be at least 1024 (got {options.MaxRequestBytes}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
