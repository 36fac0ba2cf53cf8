using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClawChat.Testing;

namespace ClawChat.Cluster.Tests;

/// <summary>A Matrix user whose requests can go to any silo (the token is valid cluster-wide).</summary>
public sealed class ClusterUser(string userId, string accessToken)
{
    public string UserId { get; } = userId;

    public static async Task<ClusterUser> RegisterAsync(SiloProcess silo, string secret)
    {
        var localpart = "u" + Guid.NewGuid().ToString("N")[..12];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var nonce = (await silo.Http.GetFromJsonAsync<JsonObject>("/_synapse/admin/v1/register"))!["nonce"]!.GetValue<string>();
        using var response = await silo.Http.PostAsJsonAsync("/_synapse/admin/v1/register", new JsonObject
        {
            ["nonce"] = nonce,
            ["username"] = localpart,
            ["password"] = password,
            ["admin"] = false,
            ["mac"] = MatrixTestClient.SharedSecretMac(secret, nonce, localpart, password, false),
        });
        var body = await ReadAsync(response);
        return new ClusterUser(body["user_id"]!.GetValue<string>(), body["access_token"]!.GetValue<string>());
    }

    public async Task<JsonObject> SendAsync(SiloProcess silo, HttpMethod method, string path, JsonObject? body = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        using var response = await silo.Http.SendAsync(request, cts.Token);
        return await ReadAsync(response);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
