namespace ClawChat.Grains.Rooms;

/// <summary><c>rel_type</c> values the server gives meaning to (DIGEST §3.6).</summary>
internal static class RelationTypes
{
    public const string Replace = "m.replace";
    public const string Thread = "m.thread";
    public const string Reference = "m.reference";
    public const string Annotation = "m.annotation";
}
