namespace ClawChat.Grains.Interfaces.Accounts;

/// <summary>Whether the account was created (false: the user id is taken), and the session when one was asked for.</summary>
public sealed record CreateAccountResult(bool Created, NewSession? Session);
