using System.Text;

namespace ClawChat.Runtime.Generators.Tests.Infrastructure;

/// <summary>An independent FNV-1a 32 (offset 2166136261, prime 16777619), so expected wire ids are not
/// computed by the code under test.</summary>
public static class Fnv1a
{
    public static uint Hash32(string text)
    {
        uint h = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h ^= b;
            h *= 16777619;
        }

        return h;
    }

    public static ushort MethodId(string signature) => (ushort)(Hash32(signature) & 0xFFFF);
}
