using ClawChat.Testing;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Xunit;

namespace ClawChat.Silo.Tests;

public sealed class SiloHttpTests
{
    [Fact]
    public async Task Versions_AnswersOverRealHttp_WithTheSpecShape()
    {
        await using var silo = await RunningSilo.StartAsync();

        using var response = await silo.Client.GetAsync("/_matrix/client/versions");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("versions").ValueKind);
        var versions = body.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.All(versions, v => Assert.Matches(@"^v1\.\d+$", v));
        Assert.Contains("v1.11", versions); // authenticated media is implemented (Element switches on v1.11)
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("unstable_features").ValueKind);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task EmbeddedSqlite_IsCreatedInTheDataDirectory()
    {
        await using var silo = await RunningSilo.StartAsync();

        Assert.True(File.Exists(Path.Combine(silo.DataDirectory, "clawchat.db")));
    }

    [Theory]
    [InlineData("/health/live", "live")]
    [InlineData("/health/ready", "ready")]
    public async Task Health_ReportsLiveAndReady(string path, string status)
    {
        await using var silo = await RunningSilo.StartAsync();

        using var response = await silo.Client.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(status, body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownEndpoint_GetsMUnrecognized404()
    {
        await using var silo = await RunningSilo.StartAsync();

        using var response = await silo.Client.GetAsync("/_matrix/client/v3/no/such/endpoint");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("M_UNRECOGNIZED", body.RootElement.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task KnownEndpointWithWrongMethod_GetsMUnrecognized405()
    {
        await using var silo = await RunningSilo.StartAsync();

        using var response = await silo.Client.PostAsync("/_matrix/client/versions", new StringContent("{}"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("M_UNRECOGNIZED", body.RootElement.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task Options_IsAnsweredOnAnyPath_WithCorsHeaders()
    {
        await using var silo = await RunningSilo.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Options, "/_matrix/client/v3/rooms/!x:localhost/send/m.room.message/1");
        using var response = await silo.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidServerName_FailsStartup_NamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningSilo.StartAsync("--ClawChat:ServerName", "not a server name!"));

        Assert.Contains("ClawChat:ServerName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresStorage_IsUsed_WhenConfigured()
    {
        var connectionString = PostgresDatabase.RequireConnectionString();
        await using var database = await PostgresDatabase.CreateAsync(connectionString);
        await using var silo = await RunningSilo.StartAsync("--ClawChat:Storage:Postgres", database.ConnectionString);

        using var response = await silo.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(File.Exists(Path.Combine(silo.DataDirectory, "clawchat.db")));
        Assert.True(await database.TableExistsAsync("grain_state"));
    }
}
