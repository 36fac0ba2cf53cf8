namespace ClawChat.Runtime.Cluster.Transport;

/// <summary>An exception thrown on another silo whose type could not be recreated here (not loadable, or no
/// <c>(string message)</c> constructor). It keeps the original type name and message so callers and logs still
/// see what happened.</summary>
public class RemoteGrainException : Exception
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message)
        : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteGrainException(string originalTypeName, string message)
        : base(message)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>The remote exception's type ("Namespace.Type, Assembly").</summary>
    public string? OriginalTypeName { get; }

    public override string ToString() => $"{OriginalTypeName ?? nameof(RemoteGrainException)} (remote): {Message}";
}
