namespace ClawChat.Runtime.Redis.Tests.Infrastructure;

/// <summary>Fresh key prefixes so tests sharing a server never collide, even on reruns.</summary>
public static class TestKeys
{
    public static string Prefix() => "t:" + Guid.NewGuid().ToString("N")[..12] + ":";
}
