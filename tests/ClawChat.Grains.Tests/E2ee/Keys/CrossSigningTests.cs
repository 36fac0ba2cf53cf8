using System.Text.Json;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.E2ee.Keys;
using ClawChat.Matrix.Errors;
using ClawChat.Tests.Shared.E2ee;

namespace ClawChat.Grains.Tests.E2ee.Keys;

public sealed class CrossSigningTests : IAsyncLifetime
{
    private const string Device = "DEVICEA";
    private readonly KeysTestSilo _silo = new();
    private readonly string _user = KeysTestSilo.NewUserId("carol");
    private readonly TestSigningKey _master = new();
    private readonly TestSigningKey _selfSigning = new();
    private readonly TestSigningKey _userSigning = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task FirstUpload_NeedsNoAuthentication_AndIsQueryable()
    {
        var outcome = await UploadAsync(FullSet(), authenticated: false);

        Assert.Equal(CrossSigningUploadOutcome.Stored, outcome);
        var own = await _silo.Keys(_user).QueryAsync(_user, null);
        Assert.Equal(_master.PublicKey, own.MasterKey!.Value.GetProperty("keys").GetProperty("ed25519:" + _master.PublicKey).GetString());
        Assert.NotNull(own.SelfSigningKey);
        Assert.NotNull(own.UserSigningKey);
    }

    [Fact]
    public async Task Query_ShowsTheUserSigningKey_OnlyToItsOwner()
    {
        await UploadAsync(FullSet(), authenticated: false);

        var seenByOther = await _silo.Keys(_user).QueryAsync(KeysTestSilo.NewUserId("dave"), null);

        Assert.NotNull(seenByOther.MasterKey);
        Assert.NotNull(seenByOther.SelfSigningKey);
        Assert.Null(seenByOther.UserSigningKey);
    }

    [Fact]
    public async Task IdenticalReupload_NeedsNoAuthentication()
    {
        var keys = FullSet();
        await UploadAsync(keys, authenticated: false);

        Assert.Equal(CrossSigningUploadOutcome.Stored, await UploadAsync(keys, authenticated: false));
    }

    [Fact]
    public async Task ReplacingKeys_NeedsAuthentication_AndChangesNothingWithoutIt()
    {
        await UploadAsync(FullSet(), authenticated: false);
        var newMaster = new TestSigningKey();
        var replacement = new CrossSigningKeys(
            TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", newMaster)),
            TestKeys.Element(TestKeys.CrossSigningKey(_user, "self_signing", new TestSigningKey(), newMaster)),
            null);

        Assert.Equal(CrossSigningUploadOutcome.AuthRequired, await UploadAsync(replacement, authenticated: false));
        Assert.Equal(_master.PublicKey, PublicKeyOf((await _silo.Keys(_user).QueryAsync(_user, null)).MasterKey));

        Assert.Equal(CrossSigningUploadOutcome.Stored, await UploadAsync(replacement, authenticated: true));
        var after = await _silo.Keys(_user).QueryAsync(_user, null);
        Assert.Equal(newMaster.PublicKey, PublicKeyOf(after.MasterKey));
        Assert.Null(after.UserSigningKey);
    }

    [Fact]
    public async Task SelfSigningKey_MustBeSignedByTheAccompanyingMasterKey()
    {
        var keys = new CrossSigningKeys(
            TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", _master)),
            TestKeys.Element(TestKeys.CrossSigningKey(_user, "self_signing", _selfSigning, new TestSigningKey())),
            null);

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadAsync(keys, authenticated: false));

        Assert.Equal((400, MatrixErrorCode.InvalidSignature), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task UserSigningKey_AloneIsCheckedAgainstTheStoredMasterKey()
    {
        await UploadAsync(new CrossSigningKeys(TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", _master)), null, null), authenticated: false);

        var good = new CrossSigningKeys(null, null, TestKeys.Element(TestKeys.CrossSigningKey(_user, "user_signing", _userSigning, _master)));
        var bad = new CrossSigningKeys(null, null, TestKeys.Element(TestKeys.CrossSigningKey(_user, "user_signing", _userSigning, _userSigning)));

        Assert.Equal(MatrixErrorCode.InvalidSignature, (await Assert.ThrowsAsync<MatrixException>(() => UploadAsync(bad, authenticated: true))).ErrCode);
        Assert.Equal(CrossSigningUploadOutcome.Stored, await UploadAsync(good, authenticated: true));
    }

    [Fact]
    public async Task SelfSigningKey_WithoutAnyMasterKey_IsMissingParam()
    {
        var keys = new CrossSigningKeys(null, TestKeys.Element(TestKeys.CrossSigningKey(_user, "self_signing", _selfSigning, _master)), null);

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadAsync(keys, authenticated: false));

        Assert.Equal((400, MatrixErrorCode.MissingParam), (error.Status, error.ErrCode));
    }

    [Fact]
    public async Task AKeyEqualToADeviceId_IsForbidden()
    {
        var keys = new CrossSigningKeys(TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", _master)), null, null);

        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            _silo.Keys(_user).UploadCrossSigningKeysAsync(keys, [Device, _master.PublicKey], authenticated: false));

        Assert.Equal((403, MatrixErrorCode.Forbidden), (error.Status, error.ErrCode));
    }

    [Theory]
    [InlineData("usage")]
    [InlineData("user_id")]
    [InlineData("keys")]
    public async Task MalformedMasterKey_IsInvalidParam(string field)
    {
        var master = TestKeys.CrossSigningKey(_user, "master", _master);
        switch (field)
        {
            case "usage":
                master["usage"] = new JsonArray("self_signing");
                break;
            case "user_id":
                master["user_id"] = KeysTestSilo.NewUserId("mallory");
                break;
            default:
                master["keys"]!["ed25519:other"] = "AAAA";
                break;
        }

        var error = await Assert.ThrowsAsync<MatrixException>(() => UploadAsync(new CrossSigningKeys(TestKeys.Element(master), null, null), authenticated: false));

        Assert.Equal((400, MatrixErrorCode.InvalidParam), (error.Status, error.ErrCode));
        Assert.Contains(field, error.Error, StringComparison.Ordinal);
    }

    private static string? PublicKeyOf(JsonElement? key) =>
        key!.Value.GetProperty("keys").EnumerateObject().Single().Value.GetString();

    private CrossSigningKeys FullSet() => new(
        TestKeys.Element(TestKeys.CrossSigningKey(_user, "master", _master)),
        TestKeys.Element(TestKeys.CrossSigningKey(_user, "self_signing", _selfSigning, _master)),
        TestKeys.Element(TestKeys.CrossSigningKey(_user, "user_signing", _userSigning, _master)));

    private Task<CrossSigningUploadOutcome> UploadAsync(CrossSigningKeys keys, bool authenticated) =>
        _silo.Keys(_user).UploadCrossSigningKeysAsync(keys, [Device], authenticated);
}
