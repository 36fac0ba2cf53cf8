namespace ClawChat.Grains.Media.Preview;

/// <summary>A URL preview would have connected to an address <see cref="AddressPolicy"/> refuses.</summary>
internal sealed class BlockedAddressException : Exception
{
    public BlockedAddressException()
    {
    }

    public BlockedAddressException(string message)
        : base(message)
    {
    }

    public BlockedAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
