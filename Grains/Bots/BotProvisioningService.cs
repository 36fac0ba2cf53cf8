using ClawChat.Grains.Bots.Crypto.Olm;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Matrix.Errors;
using ClawChat.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots;

/// <summary>
/// Creates each configured bot's account at start-up when missing — without a password, so nobody can log in as the
/// bot — and keeps its display name and avatar in line with the configuration. Logs the effective bot settings with
/// the API key redacted. Registered after the grain runtime, so the silo is running when this starts.
/// </summary>
public sealed partial class BotProvisioningService(BotDirectory directory, IGrainFactory grains, ILogger<BotProvisioningService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var userId in directory.UserIds)
        {
            var bot = directory.Find(userId)!;
            await EnsureAccountAsync(grains, bot);
            await EnsureDeviceKeysAsync(bot.UserId);
            Log.BotReady(logger, bot.UserId, bot.Backend, RedactEndpoint(bot.Endpoint), bot.Model ?? "(default)",
                string.IsNullOrEmpty(bot.ApiKey) && string.IsNullOrEmpty(bot.ApiKeyFile) ? "none" : "set (redacted)", bot.Streaming);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates the account when missing and applies the configured profile; idempotent.</summary>
    public static async Task EnsureAccountAsync(IGrainFactory grains, BotOptions bot)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(bot);
        var user = grains.GetGrain<IUserGrain>(bot.UserId);
        var displayName = BotDirectory.DisplayNameOf(bot);
        if (await user.GetAccountAsync() is null)
        {
            await user.CreateAsync(new CreateAccountRequest(Password: null, Admin: false, DisplayName: displayName, Device: null));
        }

        // The device its encrypted-room keys belong to (to-device messages only reach existing devices); it has no
        // access token. Also added to accounts created before bots had a device.
        await user.EnsureDeviceAsync(BotConversationGrain.DeviceId, "ClawChat bot");

        var profile = await user.GetProfileAsync();
        if (profile is not null && bot.DisplayName is { Length: > 0 } && profile.DisplayName != displayName)
        {
            await user.SetDisplayNameAsync(displayName);
        }

        if (profile is not null && bot.AvatarUrl is { Length: > 0 } avatar && profile.AvatarUrl != avatar)
        {
            await user.SetAvatarUrlAsync(avatar);
        }
    }

    /// <summary>Creates the bot device's Olm account and uploads its keys (DESIGN §8: encrypted rooms). Without libolm the
    /// bot still serves unencrypted rooms, so a failure is a warning, not a failed start.</summary>
    private async Task EnsureDeviceKeysAsync(string userId)
    {
        if (!OlmLibrary.IsAvailable)
        {
            Log.NoEncryption(logger, userId, OlmLibrary.MissingLibraryHint);
            return;
        }

        try
        {
            await grains.GetGrain<IBotCryptoGrain>(userId).EnsureDeviceAsync();
        }
        catch (Exception ex) when (ex is MatrixException or OlmException or TimeoutException)
        {
            Log.NoEncryption(logger, userId, ex.Message);
        }
    }

    /// <summary>The endpoint without user info or query (either may carry a credential).</summary>
    internal static string RedactEndpoint(string? endpoint) =>
        endpoint is null ? "(default)"
        : Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : endpoint;

    private static partial class Log
    {
        [LoggerMessage(7700, LogLevel.Information, "Bot {UserId} ready: backend {Backend}, endpoint {Endpoint}, model {Model}, API key {ApiKey}, streaming {Streaming}")]
        public static partial void BotReady(ILogger logger, string userId, string backend, string endpoint, string model, string apiKey, bool streaming);

        [LoggerMessage(7701, LogLevel.Warning, "Bot {UserId} cannot take part in encrypted rooms: {Reason}")]
        public static partial void NoEncryption(ILogger logger, string userId, string reason);
    }
}
