namespace ClawChat.Runtime;

/// <summary>The stable name of a grain class (from <see cref="GrainTypeAttribute"/>, or the class name minus "Grain", lower-cased).</summary>
public readonly record struct GrainType(string Name)
{
    /// <summary>The type of observer references (objects living in one silo's memory).</summary>
    public static readonly GrainType Observer = new("sys.observer");

    public override string ToString() => Name;
}
