using System.Reflection;

namespace ClawChat.Grains;

/// <summary>Handle on this assembly, so the silo can register its grain classes.</summary>
public static class GrainsAssembly
{
    public static Assembly Assembly { get; } = typeof(GrainsAssembly).Assembly;
}
