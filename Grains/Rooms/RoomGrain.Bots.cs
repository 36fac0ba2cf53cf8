using ClawChat.Grains.Bots;
using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Matrix.Auth;
using ClawChat.Matrix.Events;

namespace ClawChat.Grains.Rooms;

/// <summary>AI bots (DESIGN §8): a bot member's conversation grain receives the room's new events (no polling), and
/// an invited bot decides whether to join.</summary>
public sealed partial class RoomGrain
{
    /// <summary>The silo's bots, or null when none are configured (then this hook costs one null check).</summary>
    private readonly BotDirectory? _bots;

    /// <param name="entries">The appended events.</param>
    /// <param name="changes">Users whose membership changed in them → their latest member event.</param>
    /// <param name="joined">Joined members after the events.</param>
    /// <param name="live">False when events are re-announced after a restart (do not answer them twice).</param>
    private void PublishToBots(IReadOnlyList<TimelineEntry> entries, Dictionary<string, TimelineEntry> changes, List<string> joined, bool live)
    {
        if (_bots is null)
        {
            return;
        }

        // The user's message is persisted at this point: the platform-overhead metric starts here.
        var persistedAt = _time.GetUtcNow().UtcTicks;
        foreach (var botId in _bots.UserIds)
        {
            // Invites are acted on from current state, so one pending across a restart is still answered.
            if (changes.TryGetValue(botId, out var change)
                && change.Pdu.GetContentString("membership") == Membership.Invite
                && _state.GetMembership(botId) == Membership.Invite)
            {
                GrainFactory.GetGrain<IBotConversationGrain>(BotConversationKey.Format(botId, _roomId))
                    .OnInvitedAsync(new BotInvite(_roomId, change.Pdu.Sender, change.EventId));
            }

            if (!live || _state.GetMembership(botId) != Membership.Join)
            {
                continue;
            }

            List<BotRoomEvent>? events = null;
            foreach (var entry in entries)
            {
                var pdu = entry.Pdu;
                if (pdu.StateKey is null
                    && pdu.Type is EventTypes.Message or EventTypes.Redaction or BotCryptoGrain.EncryptedType
                    && !string.Equals(pdu.Sender, botId, StringComparison.Ordinal))
                {
                    (events ??= []).Add(new BotRoomEvent(pdu.EventId, pdu.Sender, pdu.Type, pdu.Content, entry.Position, pdu.OriginServerTs, pdu.GetRedactsTarget(Version)));
                }
            }

            if (events is not null)
            {
                GrainFactory.GetGrain<IBotConversationGrain>(BotConversationKey.Format(botId, _roomId))
                    .OnRoomEventsAsync(new BotRoomEvents(_roomId, joined.Count, persistedAt, events));
            }
        }
    }
}
