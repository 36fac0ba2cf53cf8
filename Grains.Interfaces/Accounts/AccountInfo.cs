namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>The account facts other parts of the server need (not the password hash).</summary>
public sealed record AccountInfo(string UserId, bool IsAdmin, bool IsDeactivated, long CreatedTs);
