namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>Who may create accounts (section <c>ClawChat:Registration</c>; environment <c>ClawChat__Registration__Key</c>).
/// Closed by default: users come from the <c>register-user</c> admin command or shared-secret registration.</summary>
public sealed class RegistrationOptions
{
    public const string SectionName = "ClawChat:Registration";

    /// <summary>Open registration through <c>POST /_matrix/client/v3/register</c> (UIA flow <c>m.login.dummy</c>).
    /// Default false (403 M_FORBIDDEN).</summary>
    public bool Enabled { get; set; }

    /// <summary>Secret for Synapse-compatible shared-secret registration (<c>/_synapse/admin/v1/register</c>).
    /// Default unset: that API answers 400 "Shared secret registration is not enabled". Treat like a password.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Longest accepted password, in characters. Default 512 (Synapse's limit).</summary>
    public int MaxPasswordLength { get; set; } = 512;
}
