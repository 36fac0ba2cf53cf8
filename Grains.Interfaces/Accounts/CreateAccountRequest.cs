namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>A new account. <paramref name="Password"/> null makes an account that cannot log in with a
/// password; <paramref name="DisplayName"/> null defaults to the localpart (as Synapse does);
/// <paramref name="Device"/> null registers without logging in (<c>inhibit_login</c>).</summary>
public sealed record CreateAccountRequest(string? Password, bool Admin, string? DisplayName, NewDeviceRequest? Device);
