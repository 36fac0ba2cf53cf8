using System.Text;
using System.Text.Json;
using ClawChat.Grains.Interfaces.Push;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Push;

/// <summary>Checks of <c>POST /pushers/set</c> (spec pusher.yaml; DIGEST §15).</summary>
internal static class PusherValidation
{
    /// <summary>The only path a push gateway listens on (spec push-gateway API, <c>POST /_matrix/push/v1/notify</c>).</summary>
    public const string NotifyPath = "/_matrix/push/v1/notify";

    public const string HttpKind = "http";

    private const int MaxAppIdLength = 64;
    private const int MaxPushkeyBytes = 512;

    /// <summary>The pair that names a pusher: app id (at most 64 characters) and pushkey (at most 512 bytes).</summary>
    public static void Identity(SetPusherCommand command)
    {
        if (string.IsNullOrEmpty(command.AppId))
        {
            throw MatrixException.MissingParam("'app_id' is required.");
        }

        if (string.IsNullOrEmpty(command.Pushkey))
        {
            throw MatrixException.MissingParam("'pushkey' is required.");
        }

        if (command.AppId.Length > MaxAppIdLength)
        {
            throw MatrixException.InvalidParam($"'app_id' must be at most {MaxAppIdLength} characters.");
        }

        if (Encoding.UTF8.GetByteCount(command.Pushkey) > MaxPushkeyBytes)
        {
            throw MatrixException.InvalidParam($"'pushkey' must be at most {MaxPushkeyBytes} bytes.");
        }
    }

    /// <summary>An <c>http</c> pusher needs the display fields, <c>lang</c> and <c>data.url</c>, an absolute
    /// http(s) URL whose path is <see cref="NotifyPath"/>. Other kinds (<c>email</c>) are not supported here.</summary>
    public static void ForCreation(SetPusherCommand command)
    {
        if (command.Kind != HttpKind)
        {
            throw MatrixException.InvalidParam($"Unsupported pusher kind '{command.Kind}': only 'http' pushers are supported.");
        }

        var missing = new List<string>();
        if (command.AppDisplayName is null)
        {
            missing.Add("app_display_name");
        }

        if (command.DeviceDisplayName is null)
        {
            missing.Add("device_display_name");
        }

        if (command.Lang is null)
        {
            missing.Add("lang");
        }

        if (command.Data is not { ValueKind: JsonValueKind.Object })
        {
            missing.Add("data");
        }

        if (missing.Count > 0)
        {
            throw MatrixException.MissingParam("Missing parameters: " + string.Join(", ", missing));
        }

        var data = command.Data!.Value;
        if (!data.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            throw MatrixException.MissingParam("'data.url' is required for http pushers.");
        }

        if (!Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw MatrixException.InvalidParam("'data.url' must be an absolute https (or http) URL.");
        }

        if (uri.AbsolutePath != NotifyPath)
        {
            throw MatrixException.InvalidParam($"'data.url' must have the path {NotifyPath}.");
        }

        if (data.TryGetProperty("format", out var format) && format.ValueKind != JsonValueKind.String)
        {
            throw MatrixException.InvalidParam("'data.format' must be a string.");
        }
    }
}
