namespace ClawChat.Matrix.Auth;

/// <summary>The outcome of an authorization check; <see cref="Reason"/> says which rule decided (for logs and 403 bodies).</summary>
public readonly record struct AuthResult(bool IsAllowed, string Reason)
{
    public static AuthResult Allow(string reason) => new(true, reason);

    public static AuthResult Deny(string reason) => new(false, reason);

    public override string ToString() => $"{(IsAllowed ? "allowed" : "denied")}: {Reason}";
}
