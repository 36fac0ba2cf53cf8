namespace ClawChat.Storage.Migrations;

/// <summary>One schema step. Versions are dense from 1; a released migration is never edited, only
/// followed by a new one.</summary>
public sealed record Migration(int Version, string Name, string Sql);
