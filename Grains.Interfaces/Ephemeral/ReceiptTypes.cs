namespace ClawChat.Grains.Interfaces.Ephemeral;

/// <summary>Receipt types (DIGEST §16).</summary>
public static class ReceiptTypes
{
    public const string Read = "m.read";

    /// <summary>Only ever shown to its owner.</summary>
    public const string ReadPrivate = "m.read.private";

    /// <summary>The read marker, stored as room account data.</summary>
    public const string FullyRead = "m.fully_read";
}
