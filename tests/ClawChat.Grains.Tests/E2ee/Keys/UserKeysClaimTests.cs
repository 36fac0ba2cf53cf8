using System.Text.Json;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class UserKeysClaimTests : IAsyncLifetime
{
    private const string Device = "DEVICEA";
    private const string Algorithm = "signed_curve25519";
    private readonly KeysTestSilo _silo = new();
    private readonly string _user = KeysTestSilo.NewUserId("bob");
    private readonly TestSigningKey _deviceKey = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Claim_HandsOutTheOldestBatchFirst()
    {
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2, prefix: "zz-old"));
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2, prefix: "aa-new"));

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            order.Add((await ClaimAsync())[Device].KeyId);
        }

        Assert.Equal(["signed_curve25519:zz-old0000", "signed_curve25519:zz-old0001", "signed_curve25519:aa-new0000", "signed_curve25519:aa-new0001"], order);
    }

    [Fact]
    public async Task Claim_ReturnsTheUploadedKeyObject_AndRemovesIt()
    {
        var keys = TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1);
        await UploadOneTimeKeysAsync(keys);

        var claimed = await ClaimAsync();

        Assert.Equal("signed_curve25519:k0000", claimed[Device].KeyId);
        Assert.Equal(keys["signed_curve25519:k0000"].GetRawText(), claimed[Device].Key.GetRawText());
        Assert.Equal(0, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts[Algorithm]);
    }

    [Fact]
    public async Task Claim_OnlyTakesKeysOfTheRequestedAlgorithm()
    {
        await UploadOneTimeKeysAsync(new Dictionary<string, JsonElement> { ["curve25519:plain"] = JsonSerializer.SerializeToElement("k") });

        Assert.Empty(await ClaimAsync());
        Assert.Equal(1, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts["curve25519"]);
    }

    [Fact]
    public async Task Claim_FallsBackToTheFallbackKey_KeepsItAndMarksItUsed()
    {
        await _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, null, new Dictionary<string, JsonElement>
        {
            ["signed_curve25519:FB"] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey, fallback: true)),
        }));
        Assert.Equal([Algorithm], (await _silo.Keys(_user).GetKeyCountsAsync(Device)).UnusedFallbackKeyTypes);

        var first = await ClaimAsync();
        var second = await ClaimAsync();

        Assert.Equal("signed_curve25519:FB", first[Device].KeyId);
        Assert.Equal("signed_curve25519:FB", second[Device].KeyId);
        Assert.True(first[Device].Key.GetProperty("fallback").GetBoolean());
        Assert.Empty((await _silo.Keys(_user).GetKeyCountsAsync(Device)).UnusedFallbackKeyTypes);
    }

    [Fact]
    public async Task Claim_PrefersOneTimeKeys_OverTheFallbackKey()
    {
        await _silo.Keys(_user).UploadAsync(new KeysUpload(
            Device,
            null,
            TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1),
            new Dictionary<string, JsonElement> { ["signed_curve25519:FB"] = TestKeys.Element(TestKeys.OneTimeKey(_user, Device, _deviceKey, fallback: true)) }));

        Assert.Equal("signed_curve25519:k0000", (await ClaimAsync())[Device].KeyId);
        Assert.Equal([Algorithm], (await _silo.Keys(_user).GetKeyCountsAsync(Device)).UnusedFallbackKeyTypes);
    }

    [Fact]
    public async Task Claim_OmitsDevicesWithNoKeys()
    {
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1));

        var claimed = await _silo.Keys(_user).ClaimAsync(new Dictionary<string, string> { [Device] = Algorithm, ["UNKNOWN"] = Algorithm });

        Assert.Equal([Device], claimed.Keys);
    }

    /// <summary>Regression guard for the exactly-once rule (DIGEST §12.3): the grain must be the single writer.</summary>
    [Fact]
    public async Task Claim_HandsTheLastOneTimeKeyToExactlyOneOfManyConcurrentClaims()
    {
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 1));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(ClaimAsync)));

        Assert.Single(results, r => r.ContainsKey(Device));
        Assert.Equal(0, (await _silo.Keys(_user).GetKeyCountsAsync(Device)).OneTimeKeyCounts[Algorithm]);
    }

    [Fact]
    public async Task Claim_NeverHandsOutAKeyTwice_UnderConcurrentClaims()
    {
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 50));

        var results = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Task.Run(ClaimAsync)));

        var handedOut = results.Where(r => r.ContainsKey(Device)).Select(r => r[Device].KeyId).ToList();
        Assert.Equal(50, handedOut.Count);
        Assert.Equal(50, handedOut.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Claim_IsDurable()
    {
        await UploadOneTimeKeysAsync(TestKeys.OneTimeKeys(_user, Device, _deviceKey, 2));
        var first = (await ClaimAsync())[Device].KeyId;

        await _silo.RestartAsync();

        Assert.NotEqual(first, (await ClaimAsync())[Device].KeyId);
        Assert.Empty(await ClaimAsync());
    }

    private Task UploadOneTimeKeysAsync(Dictionary<string, JsonElement> keys) =>
        _silo.Keys(_user).UploadAsync(new KeysUpload(Device, null, keys, null));

    private Task<IReadOnlyDictionary<string, ClaimedKey>> ClaimAsync() =>
        _silo.Keys(_user).ClaimAsync(new Dictionary<string, string> { [Device] = Algorithm });
}
