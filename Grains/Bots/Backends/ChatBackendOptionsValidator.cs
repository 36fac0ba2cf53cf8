using ClawChat.Grains.Bots.Backends.JsonRpc;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Options;

namespace ClawChat.Grains.Bots.Backends;

/// <summary>Checks what the backends need of each bot under <c>ClawChat:Bots</c> (validated at start): a known
/// <see cref="BotOptions.Backend"/>, an endpoint of the right shape, a key for the OpenAI API itself, an existing
/// <see cref="BotOptions.ApiKeyFile"/>, a positive <see cref="BotOptions.RequestTimeout"/>. Messages name the key and
/// the bad value, never a secret. The bot's user ID and profile are checked by <see cref="BotOptionsValidator"/>.</summary>
public sealed class ChatBackendOptionsValidator : IValidateOptions<BotsOptions>
{
    public ValidateOptionsResult Validate(string? name, BotsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Bots.Count; i++)
        {
            Validate(errors, $"{BotOptions.SectionName}:{i}", options.Bots[i]);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Validate(List<string> errors, string key, BotOptions bot)
    {
        var backend = bot.Backend?.Trim().ToLowerInvariant();
        switch (backend)
        {
            case BotBackends.OpenAi:
                if (!string.IsNullOrWhiteSpace(bot.Endpoint) && !JsonRpcChatBackend.TryParseHttp(bot.Endpoint, out _))
                {
                    errors.Add($"{key}:Endpoint '{bot.Endpoint}' must be an http(s) URL such as http://127.0.0.1:11434/v1 for the openai backend.");
                }

                if (string.IsNullOrWhiteSpace(bot.Endpoint) && string.IsNullOrWhiteSpace(bot.ApiKey) && string.IsNullOrWhiteSpace(bot.ApiKeyFile))
                {
                    errors.Add($"{key}: the openai backend without an Endpoint calls the OpenAI API, which needs ApiKey or ApiKeyFile.");
                }

                break;

            case BotBackends.JsonRpc:
                if (!JsonRpcChatBackend.TryParseUnixPath(bot.Endpoint, out _) && !JsonRpcChatBackend.TryParseHttp(bot.Endpoint, out _))
                {
                    errors.Add($"{key}:Endpoint '{bot.Endpoint}' must be unix:/path/to/agent.sock or an http(s) URL for the jsonrpc backend.");
                }

                break;

            default:
                errors.Add($"{key}:Backend '{bot.Backend}' is not a known backend; use '{BotBackends.OpenAi}' or '{BotBackends.JsonRpc}'.");
                break;
        }

        if (string.IsNullOrWhiteSpace(bot.ApiKey) && !string.IsNullOrWhiteSpace(bot.ApiKeyFile) && !File.Exists(bot.ApiKeyFile))
        {
            errors.Add($"{key}:ApiKeyFile '{bot.ApiKeyFile}' does not exist.");
        }

        if (bot.RequestTimeout <= TimeSpan.Zero || bot.RequestTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{key}:RequestTimeout must be positive and at most 01:00:00 (got {bot.RequestTimeout}).");
        }
    }
}
