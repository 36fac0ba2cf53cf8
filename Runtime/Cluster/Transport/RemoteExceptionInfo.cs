namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>An exception as it crosses silos: its type (assembly-qualified name, recreated when the type is
/// known and has a (string) constructor), message, and, for exceptions that carry data callers depend on
/// (MatrixException's status and errcode), a JSON payload the receiving side can restore.</summary>
public sealed record RemoteExceptionInfo(string Type, string Message, string? Data);
