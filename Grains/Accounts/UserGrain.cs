using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Accounts;

/// <summary>
/// A local user (key <c>@alice:server</c>). This file: creation and the account record; sessions, devices
/// and the profile live in the aspect files. Invariants: a device's token hash is the only valid token of
/// that device; state is written before the token index (<see cref="IAccessTokenGrain"/>) is granted and
/// before it is revoked, so a crash in between leaves at worst an index entry that
/// <see cref="AuthenticateAsync"/> refuses.
/// </summary>
[GrainType("user")]
public sealed partial class UserGrain : Grain, IUserGrain
{
    /// <summary>Last-seen updates arrive on every token-cache miss; persisting each would be a write per
    /// request burst, so they are written at most this often (and on deactivation of the activation).</summary>
    private static readonly TimeSpan LastSeenWriteInterval = TimeSpan.FromMinutes(5);

    private readonly IPersistentState<UserAccountState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<UserGrain> _logger;
    private bool _lastSeenDirty;
    private long _lastSeenWrittenTs;

    public UserGrain([PersistentState("account")] IPersistentState<UserAccountState> state, TimeProvider time, ILogger<UserGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    private UserAccountState Account => _state.State;

    private bool IsActive => Account.Exists && !Account.IsDeactivated;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_lastSeenDirty && Account.Exists)
        {
            await _state.WriteStateAsync(cancellationToken);
            _lastSeenDirty = false;
        }
    }

    public async Task<CreateAccountResult> CreateAsync(CreateAccountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Account.Exists)
        {
            return new CreateAccountResult(false, null);
        }

        var userId = UserId.Parse(GetPrimaryKeyString());
        _state.State = new UserAccountState
        {
            Exists = true,
            PasswordHash = request.Password is null ? null : PasswordHasher.Hash(request.Password),
            CreatedTs = NowMs(),
            IsAdmin = request.Admin,
            DisplayName = request.DisplayName ?? userId.Localpart,
        };
        var session = request.Device is null ? null : AddSession(request.Device);
        await _state.WriteStateAsync();
        if (session is not null)
        {
            await GrantAsync(session);
        }

        Log.AccountCreated(_logger, GetPrimaryKeyString(), request.Admin);
        return new CreateAccountResult(true, session);
    }

    public Task<AccountInfo?> GetAccountAsync() => Task.FromResult(
        Account.Exists ? new AccountInfo(GetPrimaryKeyString(), Account.IsAdmin, Account.IsDeactivated, Account.CreatedTs) : null);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static MatrixException InvalidCredentials() => MatrixException.Forbidden("Invalid username or password.");

    private static partial class Log
    {
        [LoggerMessage(4000, LogLevel.Information, "Created account {UserId} (admin: {Admin})")]
        public static partial void AccountCreated(ILogger logger, string userId, bool admin);

        [LoggerMessage(4001, LogLevel.Information, "{UserId} logged in on device {DeviceId}")]
        public static partial void LoggedIn(ILogger logger, string userId, string deviceId);

        [LoggerMessage(4002, LogLevel.Information, "{UserId} deleted {Count} device(s)")]
        public static partial void DevicesDeleted(ILogger logger, string userId, int count);

        [LoggerMessage(4003, LogLevel.Information, "{UserId} changed password (other devices logged out: {LoggedOut})")]
        public static partial void PasswordChanged(ILogger logger, string userId, bool loggedOut);

        [LoggerMessage(4004, LogLevel.Information, "Deactivated account {UserId}")]
        public static partial void Deactivated(ILogger logger, string userId);

        [LoggerMessage(4005, LogLevel.Information, "Upgraded the password hash of {UserId}")]
        public static partial void PasswordRehashed(ILogger logger, string userId);

        [LoggerMessage(4006, LogLevel.Warning, "Cleaning up the deleted devices of {UserId} (keys, to-device queue, pushers) failed")]
        public static partial void DeviceCleanupFailed(ILogger logger, string userId, Exception exception);

        [LoggerMessage(4007, LogLevel.Warning, "Deleting the key backups of deactivated {UserId} failed")]
        public static partial void KeyBackupCleanupFailed(ILogger logger, string userId, Exception exception);
    }
}
