using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;

namespace ClawChat.Grains.Accounts;

/// <summary>Logins, token checks, logouts, password changes and deactivation.</summary>
public sealed partial class UserGrain
{
    public async Task<NewSession> LoginAsync(LoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Account.Exists)
        {
            PasswordHasher.VerifyDummy(request.Password);
            throw InvalidCredentials();
        }

        if (!PasswordHasher.Verify(request.Password, Account.PasswordHash))
        {
            throw InvalidCredentials();
        }

        if (Account.IsDeactivated)
        {
            throw MatrixException.UserDeactivated();
        }

        if (PasswordHasher.NeedsRehash(Account.PasswordHash!))
        {
            Account.PasswordHash = PasswordHasher.Hash(request.Password);
            Log.PasswordRehashed(_logger, GetPrimaryKeyString());
        }

        var session = AddSession(request.Device);
        await _state.WriteStateAsync();
        await GrantAsync(session);
        await RevokeAsync(session.RevokedTokenHashes);
        Log.LoggedIn(_logger, GetPrimaryKeyString(), session.DeviceId);
        return session;
    }

    public Task<bool> CheckPasswordAsync(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!IsActive)
        {
            PasswordHasher.VerifyDummy(password);
            return Task.FromResult(false);
        }

        return Task.FromResult(PasswordHasher.Verify(password, Account.PasswordHash));
    }

    public async Task<bool> AuthenticateAsync(string deviceId, string tokenHash, string? ip)
    {
        if (!IsActive
            || !Account.Devices.TryGetValue(deviceId, out var device)
            || device.TokenHash is null
            || !string.Equals(device.TokenHash, tokenHash, StringComparison.Ordinal))
        {
            return false;
        }

        var now = NowMs();
        device.LastSeenTs = now;
        device.LastSeenIp = ip ?? device.LastSeenIp;
        _lastSeenDirty = true;
        if (now - _lastSeenWrittenTs >= (long)LastSeenWriteInterval.TotalMilliseconds)
        {
            await _state.WriteStateAsync();
            _lastSeenWrittenTs = now;
            _lastSeenDirty = false;
        }

        return true;
    }

    public Task<IReadOnlyList<string>> LogoutAsync(string deviceId) => RemoveDevicesAsync(id => id == deviceId);

    public Task<IReadOnlyList<string>> LogoutAllAsync() => RemoveDevicesAsync(_ => true);

    public async Task<IReadOnlyList<string>> ChangePasswordAsync(string newPassword, bool logoutOtherDevices, string? currentDeviceId)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        if (!IsActive)
        {
            throw MatrixException.Forbidden("This account cannot change its password.");
        }

        Account.PasswordHash = PasswordHasher.Hash(newPassword);
        var removed = new List<string>();
        var revoked = logoutOtherDevices ? TakeDevices(id => id != currentDeviceId, removed) : [];
        await _state.WriteStateAsync();
        await RevokeAsync(revoked);
        await CleanUpDevicesAsync(removed);
        Log.PasswordChanged(_logger, GetPrimaryKeyString(), logoutOtherDevices);
        return revoked;
    }

    public async Task<IReadOnlyList<string>> DeactivateAsync()
    {
        if (!Account.Exists)
        {
            throw MatrixException.NotFound("No such user.");
        }

        if (Account.IsDeactivated)
        {
            return [];
        }

        Account.IsDeactivated = true;
        var removed = new List<string>();
        var revoked = TakeDevices(_ => true, removed);
        await _state.WriteStateAsync();
        await RevokeAsync(revoked);
        await CleanUpDevicesAsync(removed);
        await DeleteKeyBackupsAsync();
        await LeaveAllRoomsOnDeactivationAsync();
        Log.Deactivated(_logger, GetPrimaryKeyString());
        return revoked;
    }

    /// <summary>A deactivated user leaves every joined room and rejects pending invites and knocks, as
    /// Synapse does, so other members see them go. A room that refuses (already left meanwhile) is skipped.</summary>
    private async Task LeaveAllRoomsOnDeactivationAsync()
    {
        var user = GetPrimaryKeyString();
        var rooms = await GrainFactory.GetGrain<IUserRoomsGrain>(user).GetRoomsAsync();
        foreach (var room in rooms)
        {
            if (room.Membership is not ("join" or "invite" or "knock"))
            {
                continue;
            }

            try
            {
                await GrainFactory.GetGrain<IRoomGrain>(room.RoomId).UpdateMembershipAsync(
                    new MembershipCommand(user, user, MembershipAction.Leave, "Account deactivated"));
            }
            catch (MatrixException)
            {
                // The membership changed under us (kicked, left): nothing left to do for this room.
            }
        }
    }

    /// <summary>Adds (or re-keys) a device with a fresh token; the caller writes state, then grants.</summary>
    private NewSession AddSession(NewDeviceRequest request)
    {
        var deviceId = request.DeviceId ?? NewDeviceId();
        var token = AccessTokens.Generate();
        var hash = AccessTokens.Hash(token);
        IReadOnlyList<string> revoked = [];
        if (Account.Devices.TryGetValue(deviceId, out var device))
        {
            if (device.TokenHash is { } old)
            {
                revoked = [old];
            }
        }
        else
        {
            device = new DeviceState { DisplayName = request.InitialDisplayName };
            Account.Devices[deviceId] = device;
        }

        device.TokenHash = hash;
        device.LastSeenIp = request.Ip;
        device.LastSeenTs = NowMs();
        return new NewSession(GetPrimaryKeyString(), deviceId, token, revoked);
    }

    private string NewDeviceId()
    {
        while (true)
        {
            var id = DeviceId.New().Value;
            if (!Account.Devices.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private async Task<IReadOnlyList<string>> RemoveDevicesAsync(Func<string, bool> match)
    {
        var removed = new List<string>();
        var revoked = TakeDevices(match, removed);
        if (removed.Count > 0)
        {
            await _state.WriteStateAsync();
        }

        await RevokeAsync(revoked);
        await CleanUpDevicesAsync(removed);
        return revoked;
    }

    /// <summary>Removes matching devices from state (not yet written), adds their IDs to <paramref name="removed"/> and
    /// returns their token hashes.</summary>
    private List<string> TakeDevices(Func<string, bool> match, List<string> removed)
    {
        var hashes = new List<string>();
        foreach (var (id, device) in Account.Devices.ToList())
        {
            if (!match(id))
            {
                continue;
            }

            Account.Devices.Remove(id);
            removed.Add(id);
            if (device.TokenHash is { } hash)
            {
                hashes.Add(hash);
            }
        }

        if (removed.Count > 0)
        {
            Log.DevicesDeleted(_logger, GetPrimaryKeyString(), removed.Count);
        }

        return hashes;
    }

    private Task GrantAsync(NewSession session) =>
        GrainFactory.GetGrain<IAccessTokenGrain>(AccessTokens.Hash(session.AccessToken)).GrantAsync(new AccessTokenOwner(session.UserId, session.DeviceId));

    private Task RevokeAsync(IReadOnlyList<string> hashes) => hashes.Count switch
    {
        0 => Task.CompletedTask,
        1 => GrainFactory.GetGrain<IAccessTokenGrain>(hashes[0]).RevokeAsync(),
        _ => Task.WhenAll(hashes.Select(hash => GrainFactory.GetGrain<IAccessTokenGrain>(hash).RevokeAsync())),
    };
}
