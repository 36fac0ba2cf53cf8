using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Errors;

namespace ClawChat.Grains.Tests.Accounts;

public sealed class UserGrainTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly AccountsTestSilo _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Create_MakesAnAccount_WithTheLocalpartAsDefaultDisplayName()
    {
        var userId = AccountsTestSilo.NewUserId();

        var result = await _silo.User(userId).CreateAsync(new CreateAccountRequest(Password, Admin: true, DisplayName: null, Device: null));

        Assert.True(result.Created);
        Assert.Null(result.Session);
        var account = await _silo.User(userId).GetAccountAsync();
        Assert.NotNull(account);
        Assert.Equal(userId, account.UserId);
        Assert.True(account.IsAdmin);
        Assert.False(account.IsDeactivated);
        Assert.Equal(_silo.Clock.GetUtcNow().ToUnixTimeMilliseconds(), account.CreatedTs);
        var profile = await _silo.User(userId).GetProfileAsync();
        Assert.Equal(userId[1..userId.IndexOf(':')], profile!.DisplayName);
    }

    [Fact]
    public async Task Create_ReturnsNotCreated_WhenTheUserExists()
    {
        var userId = AccountsTestSilo.NewUserId();
        await _silo.CreateWithSessionAsync(userId, Password);

        var again = await _silo.User(userId).CreateAsync(new CreateAccountRequest("other", Admin: true, DisplayName: null, Device: null));

        Assert.False(again.Created);
        Assert.Null(again.Session);
        Assert.False((await _silo.User(userId).GetAccountAsync())!.IsAdmin);
    }

    [Fact]
    public async Task GetAccount_IsNull_ForAnUnknownUser()
    {
        Assert.Null(await _silo.User(AccountsTestSilo.NewUserId()).GetAccountAsync());
        Assert.Null(await _silo.User(AccountsTestSilo.NewUserId()).GetProfileAsync());
    }

    [Fact]
    public async Task CreateWithDevice_ReturnsAWorkingToken()
    {
        var userId = AccountsTestSilo.NewUserId();

        var session = await _silo.CreateWithSessionAsync(userId, Password);

        Assert.Equal(userId, session.UserId);
        Assert.Equal(43, session.AccessToken.Length);
        Assert.True(await _silo.IsValidAsync(session.AccessToken));
        var device = Assert.Single(await _silo.User(userId).GetDevicesAsync());
        Assert.Equal(session.DeviceId, device.DeviceId);
        Assert.Equal("Test device", device.DisplayName);
        Assert.Equal("127.0.0.1", device.LastSeenIp);
    }

    [Fact]
    public async Task Login_WithTheRightPassword_AddsADeviceWithANewToken()
    {
        var userId = AccountsTestSilo.NewUserId();
        var first = await _silo.CreateWithSessionAsync(userId, Password);

        var second = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, "Phone", null)));

        Assert.NotEqual(first.DeviceId, second.DeviceId);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Empty(second.RevokedTokenHashes);
        Assert.True(await _silo.IsValidAsync(first.AccessToken));
        Assert.True(await _silo.IsValidAsync(second.AccessToken));
        Assert.Equal(2, (await _silo.User(userId).GetDevicesAsync()).Count);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_IsForbidden()
    {
        var userId = AccountsTestSilo.NewUserId();
        await _silo.CreateWithSessionAsync(userId, Password);

        var error = await Assert.ThrowsAsync<MatrixException>(() => _silo.User(userId).LoginAsync(new LoginRequest("wrong", new NewDeviceRequest(null, null, null))));

        Assert.Equal(403, error.Status);
        Assert.Equal(MatrixErrorCode.Forbidden, error.ErrCode);
        Assert.Single(await _silo.User(userId).GetDevicesAsync());
    }

    [Fact]
    public async Task Login_ForAnUnknownUser_IsForbiddenLikeAWrongPassword()
    {
        var error = await Assert.ThrowsAsync<MatrixException>(() =>
            _silo.User(AccountsTestSilo.NewUserId()).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null))));

        Assert.Equal(MatrixErrorCode.Forbidden, error.ErrCode);
        Assert.Equal("Invalid username or password.", error.Error);
    }

    [Fact]
    public async Task Login_ReusingADeviceId_RevokesThatDevicesOldToken()
    {
        var userId = AccountsTestSilo.NewUserId();
        var first = await _silo.CreateWithSessionAsync(userId, Password, deviceId: "LAPTOP");

        var second = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest("LAPTOP", "ignored", null)));

        Assert.Equal("LAPTOP", second.DeviceId);
        Assert.Equal([AccessTokens.Hash(first.AccessToken)], second.RevokedTokenHashes);
        Assert.False(await _silo.IsValidAsync(first.AccessToken));
        Assert.True(await _silo.IsValidAsync(second.AccessToken));
        var device = Assert.Single(await _silo.User(userId).GetDevicesAsync());
        Assert.Equal("Test device", device.DisplayName);
    }

    [Fact]
    public async Task Logout_DeletesTheDevice_AndRevokesItsToken()
    {
        var userId = AccountsTestSilo.NewUserId();
        var first = await _silo.CreateWithSessionAsync(userId, Password);
        var second = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null)));

        var revoked = await _silo.User(userId).LogoutAsync(first.DeviceId);

        Assert.Equal([AccessTokens.Hash(first.AccessToken)], revoked);
        Assert.False(await _silo.IsValidAsync(first.AccessToken));
        Assert.Null(await _silo.Grains.GetGrain<IAccessTokenGrain>(AccessTokens.Hash(first.AccessToken)).GetOwnerAsync());
        Assert.True(await _silo.IsValidAsync(second.AccessToken));
        Assert.Null(await _silo.User(userId).GetDeviceAsync(first.DeviceId));
    }

    [Fact]
    public async Task LogoutAll_RevokesEveryToken()
    {
        var userId = AccountsTestSilo.NewUserId();
        var first = await _silo.CreateWithSessionAsync(userId, Password);
        var second = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null)));

        var revoked = await _silo.User(userId).LogoutAllAsync();

        Assert.Equal(2, revoked.Count);
        Assert.False(await _silo.IsValidAsync(first.AccessToken));
        Assert.False(await _silo.IsValidAsync(second.AccessToken));
        Assert.Empty(await _silo.User(userId).GetDevicesAsync());
    }

    [Fact]
    public async Task ChangePassword_LogsOutOtherDevices_ButKeepsTheCurrentOne()
    {
        var userId = AccountsTestSilo.NewUserId();
        var current = await _silo.CreateWithSessionAsync(userId, Password);
        var other = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null)));

        var revoked = await _silo.User(userId).ChangePasswordAsync("new password", logoutOtherDevices: true, current.DeviceId);

        Assert.Equal([AccessTokens.Hash(other.AccessToken)], revoked);
        Assert.True(await _silo.IsValidAsync(current.AccessToken));
        Assert.False(await _silo.IsValidAsync(other.AccessToken));
        Assert.True(await _silo.User(userId).CheckPasswordAsync("new password"));
        Assert.False(await _silo.User(userId).CheckPasswordAsync(Password));
    }

    [Fact]
    public async Task ChangePassword_WithoutLogout_KeepsEveryDevice()
    {
        var userId = AccountsTestSilo.NewUserId();
        var current = await _silo.CreateWithSessionAsync(userId, Password);
        var other = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null)));

        var revoked = await _silo.User(userId).ChangePasswordAsync("new password", logoutOtherDevices: false, current.DeviceId);

        Assert.Empty(revoked);
        Assert.True(await _silo.IsValidAsync(other.AccessToken));
    }

    [Fact]
    public async Task Deactivate_RevokesTokens_RejectsLogin_AndNeverFreesTheId()
    {
        var userId = AccountsTestSilo.NewUserId();
        var session = await _silo.CreateWithSessionAsync(userId, Password);

        var revoked = await _silo.User(userId).DeactivateAsync();

        Assert.Single(revoked);
        Assert.False(await _silo.IsValidAsync(session.AccessToken));
        var login = await Assert.ThrowsAsync<MatrixException>(() => _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null))));
        Assert.Equal(MatrixErrorCode.UserDeactivated, login.ErrCode);
        Assert.False(await _silo.User(userId).CheckPasswordAsync(Password));
        Assert.True((await _silo.User(userId).GetAccountAsync())!.IsDeactivated);
        Assert.False((await _silo.User(userId).CreateAsync(new CreateAccountRequest(Password, false, null, null))).Created);
        Assert.Empty(await _silo.User(userId).DeactivateAsync());
    }

    [Fact]
    public async Task Authenticate_RejectsATokenHashOfAnotherDevice()
    {
        var userId = AccountsTestSilo.NewUserId();
        var first = await _silo.CreateWithSessionAsync(userId, Password);
        var second = await _silo.User(userId).LoginAsync(new LoginRequest(Password, new NewDeviceRequest(null, null, null)));

        Assert.False(await _silo.User(userId).AuthenticateAsync(second.DeviceId, AccessTokens.Hash(first.AccessToken), null));
        Assert.False(await _silo.User(userId).AuthenticateAsync("NOSUCHDEVICE", AccessTokens.Hash(first.AccessToken), null));
    }

    [Fact]
    public async Task Authenticate_RecordsLastSeen()
    {
        var userId = AccountsTestSilo.NewUserId();
        var session = await _silo.CreateWithSessionAsync(userId, Password);
        _silo.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await _silo.User(userId).AuthenticateAsync(session.DeviceId, AccessTokens.Hash(session.AccessToken), "10.0.0.7"));

        var device = await _silo.User(userId).GetDeviceAsync(session.DeviceId);
        Assert.Equal("10.0.0.7", device!.LastSeenIp);
        Assert.Equal(_silo.Clock.GetUtcNow().ToUnixTimeMilliseconds(), device.LastSeenTs);
    }

    [Fact]
    public async Task Devices_CanBeRenamedAndDeleted()
    {
        var userId = AccountsTestSilo.NewUserId();
        var session = await _silo.CreateWithSessionAsync(userId, Password);
        var user = _silo.User(userId);

        Assert.True(await user.RenameDeviceAsync(session.DeviceId, "Renamed"));
        Assert.False(await user.RenameDeviceAsync("NOSUCHDEVICE", "x"));
        Assert.Equal("Renamed", (await user.GetDeviceAsync(session.DeviceId))!.DisplayName);

        var revoked = await user.DeleteDevicesAsync([session.DeviceId, "NOSUCHDEVICE"]);

        Assert.Single(revoked);
        Assert.Empty(await user.GetDevicesAsync());
        Assert.False(await _silo.IsValidAsync(session.AccessToken));
    }

    [Fact]
    public async Task Profile_CanBeSetAndCleared()
    {
        var userId = AccountsTestSilo.NewUserId();
        await _silo.CreateWithSessionAsync(userId, Password);
        var user = _silo.User(userId);

        await user.SetDisplayNameAsync("Alice");
        await user.SetAvatarUrlAsync("mxc://test.local/abc");
        Assert.Equal(new UserProfile("Alice", "mxc://test.local/abc"), await user.GetProfileAsync());

        await user.SetDisplayNameAsync(null);
        await user.SetAvatarUrlAsync(null);
        Assert.Equal(new UserProfile(null, null), await user.GetProfileAsync());
    }

    [Fact]
    public async Task Profile_OfAnUnknownUser_CannotBeSet()
    {
        var error = await Assert.ThrowsAsync<MatrixException>(() => _silo.User(AccountsTestSilo.NewUserId()).SetDisplayNameAsync("x"));

        Assert.Equal(MatrixErrorCode.NotFound, error.ErrCode);
    }

    [Fact]
    public async Task Account_SurvivesARestart_OnTheSameStorage()
    {
        var userId = AccountsTestSilo.NewUserId();
        var session = await _silo.CreateWithSessionAsync(userId, Password);
        await _silo.User(userId).SetDisplayNameAsync("Persisted");

        await using var restarted = new AccountsTestSilo(_silo.Storage);

        Assert.True(await restarted.IsValidAsync(session.AccessToken));
        Assert.Equal("Persisted", (await restarted.User(userId).GetProfileAsync())!.DisplayName);
        Assert.True(await restarted.User(userId).CheckPasswordAsync(Password));
    }
}
