namespace ClawChat.Grains.Interfaces.Push;

/// <summary><c>GET /notifications</c> after parsing (spec notifications.yaml).</summary>
/// <param name="From">The <c>next_token</c> of a previous page (only older notifications follow), or null for the newest.</param>
/// <param name="Limit">Most notifications to return (the API clamps it).</param>
/// <param name="OnlyHighlight"><c>only=highlight</c>: only notifications whose actions set the highlight tweak.</param>
public sealed record NotificationsQuery(long? From, int Limit, bool OnlyHighlight);
