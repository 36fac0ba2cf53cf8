using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClawChat.Testing;

/// <summary>
/// A Matrix user session against a <see cref="RunningSilo"/> for HTTP tests: register a fresh user through
/// the Synapse-compatible shared-secret admin API (on by default in test silos), log in, and send
/// JSON requests with the session's access token.
/// <code>
/// var alice = await MatrixTestClient.RegisterAsync(silo);
/// var created = (await alice.PostAsync("/_matrix/client/v3/createRoom", new { preset = "private_chat" })).AssertOk();
/// (await alice.GetAsync("/_matrix/client/v3/rooms/" + MatrixTestClient.Escape(roomId) + "/state")).AssertError(HttpStatusCode.Forbidden, "M_FORBIDDEN");
/// </code>
/// Bodies: a <see cref="string"/> is sent as is (for malformed-JSON tests), a <see cref="JsonNode"/> as its
/// JSON, a <c>byte[]</c> as raw bytes, anything else (anonymous objects, dictionaries) through System.Text.Json.
/// </summary>
public sealed class MatrixTestClient
{
    private readonly string? _userId;
    private readonly string? _deviceId;
    private readonly string? _accessToken;

    private MatrixTestClient(RunningSilo silo, string? userId, string? deviceId, string? accessToken, string? password)
    {
        Silo = silo;
        _userId = userId;
        _deviceId = deviceId;
        _accessToken = accessToken;
        Password = password;
    }

    public RunningSilo Silo { get; }

    /// <summary>False for <see cref="Anonymous"/> clients (no access token is sent).</summary>
    public bool IsAuthenticated => _accessToken is not null;

    /// <summary>The full user id, <c>@localpart:server</c>.</summary>
    public string UserId => _userId ?? throw AnonymousClient();

    /// <summary>The localpart of <see cref="UserId"/>.</summary>
    public string Localpart => UserId[1..UserId.IndexOf(':', StringComparison.Ordinal)];

    public string DeviceId => _deviceId ?? throw AnonymousClient();

    public string AccessToken => _accessToken ?? throw AnonymousClient();

    /// <summary>The password the user was registered or logged in with (null for anonymous clients).</summary>
    public string? Password { get; }

    /// <summary>A fresh localpart valid for registration, e.g. <c>user-3f2a…</c>.</summary>
    public static string NewLocalpart(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Percent-encodes a Matrix id (or any value) for use as one path segment.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>A client with no access token, for unauthenticated endpoints and M_MISSING_TOKEN tests.</summary>
    public static MatrixTestClient Anonymous(RunningSilo silo) => new(silo, null, null, null, null);

    /// <summary>Creates a user with the shared-secret admin API (<c>/_synapse/admin/v1/register</c>) and returns
    /// its logged-in session. Defaults: a fresh random localpart and password, not admin.</summary>
    public static async Task<MatrixTestClient> RegisterAsync(RunningSilo silo, string? localpart = null, string? password = null, bool admin = false, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var secret = silo.SharedSecret
            ?? throw new InvalidOperationException("Shared-secret registration is off on this silo: keep RunningSilo's default ClawChat:Registration:SharedSecret.");
        localpart ??= NewLocalpart();
        password ??= "pw-" + Guid.NewGuid().ToString("N");
        var anonymous = Anonymous(silo);
        var nonce = (await anonymous.GetAsync("/_synapse/admin/v1/register")).AssertOk().GetString("nonce")
            ?? throw new MatrixAssertionException("GET /_synapse/admin/v1/register returned no nonce.");
        var body = new JsonObject
        {
            ["nonce"] = nonce,
            ["username"] = localpart,
            ["password"] = password,
            ["admin"] = admin,
            ["mac"] = SharedSecretMac(secret, nonce, localpart, password, admin),
        };
        if (displayName is not null)
        {
            body["displayname"] = displayName;
        }

        var response = (await anonymous.PostAsync("/_synapse/admin/v1/register", body)).AssertOk();
        return FromLoginResponse(silo, response, password);
    }

    /// <summary>Logs in with <c>m.login.password</c>; <paramref name="user"/> is a localpart or a full user id.</summary>
    public static async Task<MatrixTestClient> LoginAsync(RunningSilo silo, string user, string password, string? deviceId = null)
    {
        var body = new JsonObject
        {
            ["type"] = "m.login.password",
            ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = user },
            ["password"] = password,
        };
        if (deviceId is not null)
        {
            body["device_id"] = deviceId;
        }

        var response = (await Anonymous(silo).PostAsync("/_matrix/client/v3/login", body)).AssertOk();
        return FromLoginResponse(silo, response, password);
    }

    /// <summary>A second session (new device, or <paramref name="deviceId"/>) for the same user.</summary>
    public Task<MatrixTestClient> LoginAgainAsync(string? deviceId = null) =>
        LoginAsync(Silo, UserId, Password ?? throw AnonymousClient(), deviceId);

    /// <summary>The <c>auth</c> object completing an <c>m.login.password</c> UIA stage for this user.</summary>
    public JsonObject PasswordAuth(string? session, string? password = null) => new()
    {
        ["type"] = "m.login.password",
        ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = UserId },
        ["password"] = password ?? Password,
        ["session"] = session,
    };

    public Task<MatrixResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<MatrixResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new JsonObject());

    public Task<MatrixResponse> PutAsync(string path, object? body) => SendAsync(HttpMethod.Put, path, body ?? new JsonObject());

    public Task<MatrixResponse> DeleteAsync(string path, object? body = null) => SendAsync(HttpMethod.Delete, path, body);

    /// <summary>Sends a request with this session's token (as <c>Authorization: Bearer</c>) when it has one.</summary>
    public async Task<MatrixResponse> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (_accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        }

        request.Content = body switch
        {
            null => null,
            string text => new StringContent(text, Encoding.UTF8, "application/json"),
            byte[] bytes => new ByteArrayContent(bytes),
            JsonNode node => new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"),
            _ => new StringContent(JsonSerializer.Serialize(body, body.GetType()), Encoding.UTF8, "application/json"),
        };
        return await SendRawAsync(request);
    }

    /// <summary>Sends a request exactly as built (no token added): for tests of headers and query tokens.</summary>
    public async Task<MatrixResponse> SendRawAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await Silo.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new MatrixResponse($"{request.Method} {request.RequestUri}", response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text);
    }

    /// <summary>Synapse's registration MAC: hex HMAC-SHA1(secret, nonce\0username\0password\0admin|notadmin).</summary>
    public static string SharedSecretMac(string secret, string nonce, string username, string password, bool admin)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var message = string.Join('\0', nonce, username, password, admin ? "admin" : "notadmin");
#pragma warning disable CA5350 // SHA-1 is what the Synapse-compatible protocol defines.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(mac);
    }

    private static MatrixTestClient FromLoginResponse(RunningSilo silo, MatrixResponse response, string password) => new(
        silo,
        response.GetString("user_id") ?? throw new MatrixAssertionException($"{response.Request}: no user_id: {response.Text}"),
        response.GetString("device_id") ?? throw new MatrixAssertionException($"{response.Request}: no device_id: {response.Text}"),
        response.GetString("access_token") ?? throw new MatrixAssertionException($"{response.Request}: no access_token: {response.Text}"),
        password);

    private static InvalidOperationException AnonymousClient() => new("This MatrixTestClient is anonymous (no user, device or token).");
}
