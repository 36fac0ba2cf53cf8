using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Identifiers;
using ClawChat.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClawChat.Api.Http;

/// <summary>
/// User-Interactive Authentication (DIGEST §10.4). An endpoint calls <see cref="AuthenticateAsync"/> with
/// its body; a null result means a flow is complete and the operation may run, anything else is the 401
/// to return (<c>{flows, params, session, completed?, errcode?, error?}</c>; the first one carries no errcode).
/// Sessions are single-use, bound to the operation and user that started them, expire after
/// <see cref="SessionLifetime"/>, and live in this silo's memory: a client that switches silos mid-flow
/// starts again (acceptable until a load balancer without affinity is in front; then move them to a grain).
/// Supported stages: <c>m.login.dummy</c> and <c>m.login.password</c> (the requester's own password).
/// </summary>
public sealed class UserInteractiveAuth
{
    public const string Dummy = "m.login.dummy";
    public const string Password = "m.login.password";

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Bound on live sessions per silo, so unauthenticated /register probes cannot grow memory without limit.</summary>
    private const int MaxSessions = 50_000;

    private readonly ConcurrentDictionary<string, UserInteractiveAuthSession> _sessions = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;

    public UserInteractiveAuth(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
    }

    /// <summary>Null when <paramref name="body"/>'s <c>auth</c> completes one of <paramref name="flows"/> for
    /// <paramref name="operation"/> (the session is then consumed); otherwise the 401 challenge to return.
    /// <paramref name="user"/> is the authenticated requester (null for registration).</summary>
    public async Task<IResult?> AuthenticateAsync(JsonObject body, string operation, UserId? user, IReadOnlyList<IReadOnlyList<string>> flows)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(flows);
        var auth = body.GetOptionalObject("auth");
        var userId = user?.Value;
        if (auth is null)
        {
            return Challenge(StartSession(operation, userId), flows, null);
        }

        var sessionId = auth.GetOptionalString("session");
        var type = auth.GetOptionalString("type");
        UserInteractiveAuthSession? session;
        if (sessionId is null)
        {
            session = StartSession(operation, userId);
        }
        else if (!_sessions.TryGetValue(sessionId, out session) || _time.GetTimestamp() >= session.ExpiresTimestamp)
        {
            _sessions.TryRemove(sessionId, out _);
            return Challenge(StartSession(operation, userId), flows, MatrixException.Unknown("Unknown or expired authentication session; start again.", 401));
        }

        if (session.Operation != operation || session.UserId != userId)
        {
            throw MatrixException.Forbidden("This authentication session was started for a different request.");
        }

        if (type is not null && !IsCompleted(session, type))
        {
            if (!flows.Any(flow => flow.Contains(type, StringComparer.Ordinal)))
            {
                return Challenge(session, flows, new MatrixException(StatusCodes.Status401Unauthorized, MatrixErrorCode.Unrecognized, $"Authentication type '{type}' is not offered here."));
            }

            var failure = await CheckStageAsync(type, auth, user);
            if (failure is not null)
            {
                return Challenge(session, flows, failure);
            }

            lock (session)
            {
                if (!session.Completed.Contains(type, StringComparer.Ordinal))
                {
                    session.Completed.Add(type);
                }
            }
        }

        bool done;
        lock (session)
        {
            done = flows.Any(flow => flow.All(stage => session.Completed.Contains(stage, StringComparer.Ordinal)));
        }

        if (done && _sessions.TryRemove(session.Id, out _))
        {
            return null;
        }

        return Challenge(session, flows, null);
    }

    private async Task<MatrixException?> CheckStageAsync(string type, JsonObject auth, UserId? user)
    {
        switch (type)
        {
            case Dummy:
                return null;
            case Password:
                if (user is not { } expected)
                {
                    return MatrixException.Forbidden("Password authentication needs a logged-in user.");
                }

                var password = auth.GetOptionalString("password");
                if (password is null)
                {
                    throw MatrixException.MissingParam("'auth.password' is required.");
                }

                var claimed = AccountsIdentifier.ReadUser(auth);
                if (claimed is not null && AccountsIdentifier.ResolveLocal(claimed, expected.Server) != expected)
                {
                    return MatrixException.Forbidden("The identifier does not match the logged-in user.");
                }

                return await _grains.GetGrain<IUserGrain>(expected.Value).CheckPasswordAsync(password)
                    ? null
                    : MatrixException.Forbidden("Invalid password.");
            default:
                return new MatrixException(StatusCodes.Status401Unauthorized, MatrixErrorCode.Unrecognized, $"Authentication type '{type}' is not supported.");
        }
    }

    private static bool IsCompleted(UserInteractiveAuthSession session, string type)
    {
        lock (session)
        {
            return session.Completed.Contains(type, StringComparer.Ordinal);
        }
    }

    private UserInteractiveAuthSession StartSession(string operation, string? userId)
    {
        var now = _time.GetTimestamp();
        if (_sessions.Count >= MaxSessions / 2)
        {
            foreach (var (id, existing) in _sessions)
            {
                if (now >= existing.ExpiresTimestamp)
                {
                    _sessions.TryRemove(id, out _);
                }
            }

            if (_sessions.Count >= MaxSessions)
            {
                throw MatrixException.LimitExceeded(60_000, "Too many authentication sessions in progress; retry later.");
            }
        }

        var expires = now + (long)(SessionLifetime.TotalSeconds * _time.TimestampFrequency);
        var session = new UserInteractiveAuthSession(AccessTokens.Generate(), operation, userId, expires);
        _sessions[session.Id] = session;
        return session;
    }

    private static IResult Challenge(UserInteractiveAuthSession session, IReadOnlyList<IReadOnlyList<string>> flows, MatrixException? error)
    {
        var flowArray = new JsonArray();
        foreach (var flow in flows)
        {
            flowArray.Add(new JsonObject { ["stages"] = new JsonArray(flow.Select(stage => (JsonNode?)JsonValue.Create(stage)).ToArray()) });
        }

        var body = new JsonObject
        {
            ["flows"] = flowArray,
            ["params"] = new JsonObject(),
            ["session"] = session.Id,
        };
        lock (session)
        {
            if (session.Completed.Count > 0)
            {
                body["completed"] = new JsonArray(session.Completed.Select(stage => (JsonNode?)JsonValue.Create(stage)).ToArray());
            }
        }

        if (error is not null)
        {
            body["errcode"] = error.ErrCode;
            body["error"] = error.Error;
        }

        return MatrixResults.Json(body, StatusCodes.Status401Unauthorized);
    }
}
