using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Media;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Media.Preview;

/// <summary>See <see cref="IUrlPreviewService"/>. The address check runs inside the HTTP handler's connect
/// callback, on the addresses actually dialled: a DNS answer that changes between a check and the connect
/// (DNS rebinding) or a redirect to an internal host is caught the same way. No proxy is used, since a
/// proxy would dial on our behalf without the check.</summary>
internal sealed partial class UrlPreviewService : IUrlPreviewService, IDisposable
{
    private const int MaxRedirects = 5;

    private readonly MediaOptions.UrlPreviewSection _options;
    private readonly AddressPolicy _policy;
    private readonly HttpClient _client;
    private readonly ILogger _logger;

    public UrlPreviewService(MediaOptions options, ILogger<UrlPreviewService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.UrlPreview;
        _policy = new AddressPolicy(_options.AllowedNetworks);
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _options.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = _options.Timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("ClawChat-UrlPreview/1.0");
    }

    public bool IsEnabled => _options.Enabled;

    public async Task<JsonObject> PreviewAsync(UserId requester, string url, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            throw MatrixException.Unrecognized("URL previews are disabled on this server.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw MatrixException.InvalidParam("'url' must be an absolute http or https URL.");
        }

        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new MatrixException(502, MatrixErrorCode.Unknown, $"The page answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentType?.MediaType is not ("text/html" or "application/xhtml+xml"))
            {
                return [];
            }

            var html = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var preview = OpenGraphParser.Parse(html);
            Log.Previewed(_logger, requester.ToString(), uri.Host, preview.Count);
            return preview;
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedAddressException blocked)
        {
            Log.Blocked(_logger, requester.ToString(), uri.Host, blocked.Message);
            throw MatrixException.Forbidden("This URL resolves to an address the server may not fetch.");
        }
        catch (HttpRequestException ex)
        {
            Log.FetchFailed(_logger, uri.Host, ex.Message);
            throw new MatrixException(502, MatrixErrorCode.Unknown, "Could not fetch the URL.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MatrixException(504, MatrixErrorCode.Unknown, "Fetching the URL timed out.");
        }
    }

    public void Dispose() => _client.Dispose();

    private ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        _policy.ConnectAsync(context, reason => new BlockedAddressException(reason), cancellationToken);

    private async Task<string> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var cap = (int)Math.Min(_options.MaxBytes, int.MaxValue);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(cap);
            try
            {
                var total = 0;
                int read;
                while (total < cap && (read = await stream.ReadAsync(buffer.AsMemory(total, cap - total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return Decode(content, buffer, total);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The page text. Past the cap it is cut off; head tags come first, so the preview is usually whole.</summary>
    private static string Decode(HttpContent content, byte[] buffer, int length)
    {
        var encoding = Encoding.UTF8;
        if (content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: UTF-8 is the web's default.
            }
        }

        return encoding.GetString(buffer, 0, length);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6140, Level = LogLevel.Debug, Message = "URL preview for {UserId} of a page on {Host}: {Count} properties")]
        public static partial void Previewed(ILogger logger, string userId, string host, int count);

        [LoggerMessage(EventId = 6141, Level = LogLevel.Warning, Message = "URL preview for {UserId} refused: {Host} ({Reason})")]
        public static partial void Blocked(ILogger logger, string userId, string host, string reason);

        [LoggerMessage(EventId = 6142, Level = LogLevel.Information, Message = "URL preview of a page on {Host} failed: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string host, string reason);
    }
}
