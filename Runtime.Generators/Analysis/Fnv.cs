using System.Text;

namespace ClawChat.Runtime.Generators.Analysis;

/// <summary>FNV-1a 32 over UTF-8, identical to ClawChat.Runtime.StableHash.Hash32 (which this
/// netstandard2.0 assembly cannot reference): wire ids computed here must match what the runtime expects.</summary>
internal static class Fnv
{
    public static uint Hash32(string text)
    {
        var h = 2166136261U;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            h = unchecked((h ^ b) * 16777619U);
        }

        return h;
    }
}
