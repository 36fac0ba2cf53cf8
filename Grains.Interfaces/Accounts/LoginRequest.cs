namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>A password login for the user the grain is keyed by.</summary>
public sealed record LoginRequest(string Password, NewDeviceRequest Device);
