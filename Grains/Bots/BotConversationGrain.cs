using ClawChat.Grains.Bots.Crypto;
using ClawChat.Grains.Interfaces.Accounts;
using ClawChat.Grains.Interfaces.Bots;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;
using Microsoft.Extensions.Logging;

namespace ClawChat.Grains.Bots;

/// <summary>
/// One bot's conversation in one room (DESIGN §8, key <c>botUserId|roomId</c>).
/// <para>
/// Flow: the room pushes new events (one-way, <see cref="OnRoomEventsAsync"/>) into a bounded inbox handled in order;
/// messages addressed to the bot become prompts in a bounded queue; one pump answers them one at a time (so a
/// conversation never runs two generations), reading the context from a rolling copy of the room's recent timeline
/// (<see cref="BotHistory"/>) or, when that cannot tell, from the room. Edits and redactions of a
/// prompt cancel its generation; an edit queues a redo that rewrites the same answer.
/// </para>
/// <para>
/// Concurrency: the class is <c>[Reentrant]</c> so that an edit or redaction arriving while a generation streams can
/// cancel it. Everything still runs on the activation's single-threaded scheduler, so fields need no locks; the
/// invariants across awaits are: only the pump sets <see cref="_current"/>, only <see cref="ProcessInboxAsync"/>
/// handles events (in arrival order), and state writes go through <see cref="SaveAsync"/> one at a time.
/// </para>
/// </summary>
[GrainType("bot-conversation")]
[Reentrant]
public sealed partial class BotConversationGrain : Grain, IBotConversationGrain
{
    /// <summary>Prompt → answer links and thread roots remembered (persisted).</summary>
    internal const int MaxRemembered = 64;

    /// <summary>Event batches waiting to be handled; a room only outruns this when the grain is stuck.</summary>
    internal const int MaxInbox = 256;

    /// <summary>The device ID the bot's events are sent with (transaction IDs are per device, DIGEST §3.5).</summary>
    internal const string DeviceId = "CLAWCHATBOT";

    private static readonly TimeSpan SaveWait = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<BotConversationState> _state;
    private readonly BotServices _services;
    private readonly ILogger<BotConversationGrain> _logger;
    private readonly Queue<BotRoomEvents> _inbox = new();
    private readonly LinkedList<BotPrompt> _queue = new();
    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private string _key = string.Empty;
    private string _botId = string.Empty;
    private string _roomId = string.Empty;
    private BotOptions? _bot;
    private BotPrompt? _current;
    private bool _inboxRunning;
    private bool _pumpRunning;
    private int _joinedMembers;
    private long _answered;

    public BotConversationGrain(
        [PersistentState("bot-conversation")] IPersistentState<BotConversationState> state,
        BotServices services,
        ILogger<BotConversationGrain> logger)
    {
        _state = state;
        _services = services;
        _logger = logger;
    }

    private BotConversationState State => _state.State ??= new BotConversationState();

    private IRoomGrain Room => GrainFactory.GetGrain<IRoomGrain>(_roomId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = GetPrimaryKeyString();
        (_botId, _roomId) = BotConversationKey.Parse(_key);
        _bot = _services.Directory.Find(_botId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _current?.Cancellation.Cancel();
        _queue.Clear();
        return Task.CompletedTask;
    }

    public Task OnRoomEventsAsync(BotRoomEvents batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_bot is null)
        {
            return Task.CompletedTask;
        }

        if (_inbox.Count >= MaxInbox)
        {
            History.Disable(); // the history would have a gap
            Log.InboxFull(_logger, _key, batch.Events.Count);
            return Task.CompletedTask;
        }

        _inbox.Enqueue(batch);
        return _inboxRunning ? Task.CompletedTask : ProcessInboxAsync();
    }

    public async Task OnInvitedAsync(BotInvite invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (_bot is null)
        {
            return;
        }

        try
        {
            if (await Room.GetMembershipAsync(_botId) != Membership.Invite)
            {
                return; // already joined, or the invite was withdrawn
            }

            if (History.HasKnowledge)
            {
                History.Disable(); // invited again: what happened while the bot was away was not pushed to it
            }

            if (InviterPolicy.IsAllowed(_bot, invite.Inviter))
            {
                var profile = await GrainFactory.GetGrain<IUserGrain>(_botId).GetProfileAsync();
                await Room.UpdateMembershipAsync(new MembershipCommand(_botId, _botId, MembershipAction.Join,
                    DisplayName: profile?.DisplayName ?? BotDirectory.DisplayNameOf(_bot), AvatarUrl: profile?.AvatarUrl ?? _bot.AvatarUrl));
                Log.Joined(_logger, _botId, _roomId, invite.Inviter);
            }
            else
            {
                await Room.UpdateMembershipAsync(new MembershipCommand(_botId, _botId, MembershipAction.Leave, Reason: "This bot does not accept invites from you."));
                Log.InviteRejected(_logger, _botId, _roomId, invite.Inviter);
            }
        }
        catch (MatrixException ex)
        {
            Log.InviteFailed(_logger, _botId, _roomId, ex);
        }
    }

    public Task<BotConversationStatus> GetStatusAsync()
    {
        var bot = _bot ?? new BotOptions { UserId = _botId };
        return Task.FromResult(new BotConversationStatus(
            ModelOf(bot),
            State.SystemPrompt ?? bot.SystemPrompt,
            State.SystemPrompt is not null,
            State.Streaming ?? bot.Streaming,
            State.ResetPosition,
            _current is not null,
            _queue.Count,
            _answered));
    }

    private string ModelOf(BotOptions bot) => State.Model ?? bot.Model ?? "default";

    /// <summary>Handles the inbox in arrival order; the only place events are interpreted.</summary>
    private async Task ProcessInboxAsync()
    {
        _inboxRunning = true;
        try
        {
            while (_inbox.TryDequeue(out var batch))
            {
                _joinedMembers = batch.JoinedMembers;
                var persistedAt = new DateTimeOffset(batch.PersistedAtUtcTicks, TimeSpan.Zero);
                foreach (var e in batch.Events)
                {
                    try
                    {
                        await HandleEventAsync(e, persistedAt);
                    }
                    catch (Exception ex) when (ex is MatrixException or TimeoutException or GrainCallRejectedException)
                    {
                        Log.EventFailed(_logger, _key, e.EventId, ex);
                    }
                }

                EnsurePump();
            }
        }
        finally
        {
            _inboxRunning = false;
        }
    }

    private async Task HandleEventAsync(BotRoomEvent e, DateTimeOffset persistedAt)
    {
        if (string.Equals(e.Sender, _botId, StringComparison.Ordinal) || _services.Directory.IsBot(e.Sender))
        {
            // Never answer itself, nor another bot (two bots would talk forever); their messages still take a place in
            // the history (never a message of the context, so they are not decrypted).
            RecordPushed(e, e.Content, e.Type);
            return;
        }

        if (e.Type == BotCryptoGrain.EncryptedType)
        {
            var decrypted = await DecryptAsync(e);
            RecordPushed(e, decrypted?.Content, decrypted?.Type ?? e.Type);
            if (decrypted is null)
            {
                return;
            }

            e = decrypted;
        }
        else
        {
            RecordPushed(e, e.Content, e.Type);
        }

        if (e.Type == EventTypes.Redaction)
        {
            if (e.Redacts is { } target)
            {
                await OnPromptRedactedAsync(target);
            }

            return;
        }

        if (e.Type != EventTypes.Message)
        {
            return;
        }

        var message = BotMessage.Parse(e.Content);
        if (message.RelType == BotMessage.Replace)
        {
            if (message.RelEventId is { } original && message.NewBody is { Length: > 0 } newBody)
            {
                await OnPromptEditedAsync(original, newBody, e, persistedAt);
            }

            return;
        }

        // Answer plain text only; never m.notice (bots and bridges speak in notices) nor media.
        if (message.MsgType != BotMessage.Text || string.IsNullOrWhiteSpace(message.Body))
        {
            return;
        }

        if (BotMessage.IsCommand(message.Body))
        {
            await RunCommandAsync(e, message);
            return;
        }

        if (!await IsAddressedToBotAsync(message))
        {
            return;
        }

        if (!await AdmitAsync(e.Sender, e.EventId, message.ThreadRoot))
        {
            return;
        }

        _queue.AddLast(new BotPrompt
        {
            EventId = e.EventId,
            Sender = e.Sender,
            Text = message.Body,
            Position = e.Position,
            ThreadRoot = message.ThreadRoot,
            PersistedAt = persistedAt,
        });
    }

    /// <summary>Rate limits and the queue bound; over either, one short notice (rate limits: once per window).</summary>
    private async Task<bool> AdmitAsync(string sender, string eventId, string? threadRoot)
    {
        if (_queue.Count >= _services.Limits.QueueLimit)
        {
            await SendNoticeAsync($"I'm busy: {_queue.Count} questions are already waiting here. Please ask again in a moment.", eventId, threadRoot);
            return false;
        }

        var decision = _services.Rates.TryAcquire(sender, _key);
        if (decision.Allowed)
        {
            return true;
        }

        Log.RateLimited(_logger, _key, decision.LimitedBy!);
        if (decision.Announce)
        {
            await SendNoticeAsync(decision.LimitedBy == "user"
                ? "You are sending me questions too fast; please wait a minute."
                : "This room is sending me questions too fast; please wait a minute.", eventId, threadRoot);
        }

        return false;
    }

    /// <summary>In a direct chat (the bot and one person) every text message; in larger rooms only a mention (m.mentions,
    /// the display name or localpart in the body), a reply to the bot, or a message in a thread the bot is part of.</summary>
    private async Task<bool> IsAddressedToBotAsync(BotMessage message)
    {
        if (_joinedMembers <= 2)
        {
            return true;
        }

        var bot = _bot!;
        if (message.MentionedUserIds.Contains(_botId, StringComparer.Ordinal)
            || message.Body!.Contains(BotDirectory.DisplayNameOf(bot), StringComparison.OrdinalIgnoreCase)
            || message.Body.Contains(BotDirectory.LocalpartOf(_botId), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (message.ThreadRoot is { } root
            && (State.Threads.Contains(root, StringComparer.Ordinal) || await SenderOfAsync(root) == _botId))
        {
            return true;
        }

        return message.InReplyTo is { } replyTo
            && (State.Answers.Any(a => a.AnswerEventId == replyTo) || await SenderOfAsync(replyTo) == _botId);
    }

    private async Task<string?> SenderOfAsync(string eventId)
    {
        try
        {
            var e = await Room.GetEventAsync(_botId, null, eventId);
            return e.TryGetProperty("sender", out var sender) ? sender.GetString() : null;
        }
        catch (MatrixException)
        {
            return null;
        }
    }

    private async Task OnPromptEditedAsync(string originalId, string newBody, BotRoomEvent edit, DateTimeOffset persistedAt)
    {
        if (_current is { } running && running.EventId == originalId)
        {
            if (running.Sender != edit.Sender)
            {
                return; // only the author's edits count (DIGEST §3.6)
            }

            running.Superseded = true;
            running.Cancellation.Cancel();
            _queue.AddFirst(running.Redo(newBody, persistedAt));
            return;
        }

        for (var node = _queue.First; node is not null; node = node.Next)
        {
            if (node.Value.EventId == originalId)
            {
                if (node.Value.Sender == edit.Sender)
                {
                    node.Value.Text = newBody;
                }

                return;
            }
        }

        if (FindAnswer(originalId) is { } link && link.PromptSender == edit.Sender && await AdmitAsync(edit.Sender, originalId, link.ThreadRoot))
        {
            _queue.AddLast(new BotPrompt
            {
                EventId = originalId,
                Sender = link.PromptSender,
                Text = newBody,
                Position = link.PromptPosition,
                ThreadRoot = link.ThreadRoot,
                PersistedAt = persistedAt,
                AnswerEventId = link.AnswerEventId,
            });
        }
    }

    private async Task OnPromptRedactedAsync(string targetId)
    {
        if (_current is { } running && running.EventId == targetId)
        {
            running.Redacted = true;
            running.Cancellation.Cancel(); // the pump redacts the answer once the generation has stopped
        }

        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.EventId == targetId)
            {
                _queue.Remove(node);
            }

            node = next;
        }

        if (_current?.EventId != targetId && FindAnswer(targetId) is { } link)
        {
            State.Answers.Remove(link);
            await RedactAsync(link.AnswerEventId);
            await SaveAsync();
        }
    }

    private BotAnswerLink? FindAnswer(string promptEventId) =>
        State.Answers.FindLast(a => a.PromptEventId == promptEventId);

    private void RememberAnswer(BotPrompt prompt, string answerEventId)
    {
        var answers = State.Answers;
        answers.RemoveAll(a => a.PromptEventId == prompt.EventId);
        answers.Add(new BotAnswerLink
        {
            PromptEventId = prompt.EventId,
            PromptSender = prompt.Sender,
            PromptPosition = prompt.Position,
            ThreadRoot = prompt.ThreadRoot,
            AnswerEventId = answerEventId,
        });
        if (answers.Count > MaxRemembered)
        {
            answers.RemoveRange(0, answers.Count - MaxRemembered);
        }

        if (prompt.ThreadRoot is { } root && !State.Threads.Contains(root, StringComparer.Ordinal))
        {
            State.Threads.Add(root);
            if (State.Threads.Count > MaxRemembered)
            {
                State.Threads.RemoveAt(0);
            }
        }
    }

    /// <summary>Writes the state; one write at a time (interleaved turns would otherwise race on the ETag).</summary>
    private async Task SaveAsync()
    {
        if (!await _saveLock.WaitAsync(SaveWait))
        {
            Log.SaveSkipped(_logger, _key);
            return;
        }

        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _saveLock.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7710, LogLevel.Information, "Bot {BotId} joined {RoomId} (invited by {Inviter})")]
        public static partial void Joined(ILogger logger, string botId, string roomId, string inviter);

        [LoggerMessage(7711, LogLevel.Information, "Bot {BotId} rejected the invite to {RoomId} from {Inviter} (not in AllowedInviters)")]
        public static partial void InviteRejected(ILogger logger, string botId, string roomId, string inviter);

        [LoggerMessage(7712, LogLevel.Warning, "Bot {BotId} could not answer the invite to {RoomId}")]
        public static partial void InviteFailed(ILogger logger, string botId, string roomId, Exception exception);

        [LoggerMessage(7713, LogLevel.Warning, "Bot conversation {Key} dropped {Count} events: inbox full")]
        public static partial void InboxFull(ILogger logger, string key, int count);

        [LoggerMessage(7714, LogLevel.Warning, "Bot conversation {Key} failed to handle event {EventId}")]
        public static partial void EventFailed(ILogger logger, string key, string eventId, Exception exception);

        [LoggerMessage(7715, LogLevel.Debug, "Bot conversation {Key} rate-limited by {LimitedBy}")]
        public static partial void RateLimited(ILogger logger, string key, string limitedBy);

        [LoggerMessage(7716, LogLevel.Warning, "Bot conversation {Key} skipped a state write: the previous one did not finish in time")]
        public static partial void SaveSkipped(ILogger logger, string key);

        [LoggerMessage(7717, LogLevel.Warning, "Bot conversation {Key}: generation failed ({Kind}) on backend {Backend}")]
        public static partial void GenerationFailed(ILogger logger, string key, string kind, string backend, Exception? exception);

        [LoggerMessage(7718, LogLevel.Warning, "Bot conversation {Key} could not send to the room")]
        public static partial void SendFailed(ILogger logger, string key, Exception exception);
    }
}
