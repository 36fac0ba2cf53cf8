namespace ClawChat.Runtime;

public enum DeactivationReasonCode
{
    None,
    ShuttingDown,
    ActivationIdle,
    ApplicationRequested,
    DuplicateActivation,
    DirectoryLost,
    ActivationFailed,
    ApplicationError,
    HighMemoryPressure,
    Unresponsive,
    Fenced,
}

/// <summary>Why an activation is being deactivated.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string? Text, Exception? Exception = null)
{
    public override string ToString() => Text is null ? Code.ToString() : $"{Code}: {Text}";
}
