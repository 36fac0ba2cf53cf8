namespace ClawChat.Grains.Rooms;

/// <summary>Values of <c>m.room.history_visibility</c> (DIGEST §9); anything else reads as <see cref="Shared"/>.</summary>
internal static class HistoryVisibility
{
    public const string WorldReadable = "world_readable";
    public const string Shared = "shared";
    public const string Invited = "invited";
    public const string Joined = "joined";

    public static string Normalize(string? value) => value is WorldReadable or Shared or Invited or Joined ? value : Shared;
}
