namespace ClawChat.Api.Http;

/// <summary>One UIA session: bound to the operation (e.g. <c>POST /account/password</c>) and user it was
/// started for; records the stages completed so far. Guarded by its own lock.</summary>
internal sealed class UserInteractiveAuthSession
{
    public UserInteractiveAuthSession(string id, string operation, string? userId, long expiresTimestamp)
    {
        Id = id;
        Operation = operation;
        UserId = userId;
        ExpiresTimestamp = expiresTimestamp;
    }

    public string Id { get; }

    public string Operation { get; }

    /// <summary>The authenticated user the session belongs to; null for registration.</summary>
    public string? UserId { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> value after which the session is gone.</summary>
    public long ExpiresTimestamp { get; }

    public List<string> Completed { get; } = [];
}
