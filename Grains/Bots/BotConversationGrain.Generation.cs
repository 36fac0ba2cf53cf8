using System.Text;
using ClawChat.Grains.Bots.Backends;
using ClawChat.Grains.Interfaces.Configuration;
using ClawChat.Grains.Interfaces.Ephemeral;
using ClawChat.Grains.Interfaces.Rooms;
using ClawChat.Matrix.Errors;
using ClawChat.Matrix.Events;
using ClawChat.Runtime;

namespace ClawChat.Grains.Bots;

/// <summary>Generations: the pump (one at a time), the model call with streaming by edits (issue 7 §4), typing, the
/// failure notices, and sending as the bot.</summary>
public sealed partial class BotConversationGrain
{
    /// <summary>Typing is refreshed this often while a generation runs; each refresh lasts <see cref="TypingTimeout"/>.</summary>
    internal static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(20);

    internal static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(30);

    private void EnsurePump()
    {
        if (_pumpRunning || _queue.Count == 0)
        {
            return;
        }

        _pumpRunning = true;
        _ = PumpAsync();
    }

    /// <summary>Answers queued prompts one at a time. Runs on the activation's scheduler (started from a turn, so its
    /// continuations come back to this activation); it is the only writer of <see cref="_current"/>.</summary>
    private async Task PumpAsync()
    {
        try
        {
            while (_queue.First is { } node)
            {
                _queue.RemoveFirst();
                var prompt = node.Value;
                _current = prompt;
                // A redo writes into the answer of the first attempt, even one whose first send was still in flight
                // when the edit arrived.
                prompt.AnswerEventId ??= FindAnswer(prompt.EventId)?.AnswerEventId;
                var bot = _bot!;
                DelayDeactivation(bot.RequestTimeout + _services.Limits.ConcurrencyWait + TimeSpan.FromMinutes(1));
                try
                {
                    await GenerateAsync(prompt, bot);
                }
                catch (OperationCanceledException) when (prompt.IsCancelled)
                {
                    // edited or redacted while waiting for a model-call slot
                }
                catch (Exception ex) when (ex is MatrixException or TimeoutException or GrainCallRejectedException or OperationCanceledException)
                {
                    Log.SendFailed(_logger, _key, ex);
                }
                finally
                {
                    _current = null;
                    prompt.Cancellation.Dispose();
                }

                if (prompt.Redacted && prompt.AnswerEventId is { } answer)
                {
                    State.Answers.RemoveAll(a => a.PromptEventId == prompt.EventId);
                    await RedactAsync(answer);
                }

                await SaveAsync();
            }
        }
        catch (Exception ex) when (ex is MatrixException or TimeoutException or GrainCallRejectedException or InconsistentStateException)
        {
            Log.SendFailed(_logger, _key, ex);
        }
        finally
        {
            _pumpRunning = false;
        }
    }

    private async Task GenerateAsync(BotPrompt prompt, BotOptions bot)
    {
        var backend = _services.BackendOf(_botId);
        if (backend is null)
        {
            await SendNoticeAsync("This bot has no model backend configured.", prompt.EventId, prompt.ThreadRoot);
            return;
        }

        using var typing = new CancellationTokenSource();
        var typingLoop = TypeWhileWorkingAsync(typing.Token);
        try
        {
            await CallModelAsync(prompt, bot, backend);
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
            await SetTypingAsync(false);
        }
    }

    private async Task CallModelAsync(BotPrompt prompt, BotOptions bot, IChatBackend backend)
    {
        var messages = await BuildContextAsync(prompt, bot);
        var streaming = State.Streaming ?? bot.Streaming;
        var request = new ChatRequest(ModelOf(bot), messages, streaming, _key, _roomId, prompt.Sender);
        var time = _services.Time;
        var metrics = _services.Metrics;
        using var slot = await _services.Calls.TryEnterAsync(prompt.Cancellation.Token);
        if (slot is null)
        {
            metrics.Failed(backend.Name, "busy");
            await SendNoticeAsync("Too many conversations are waiting for the model right now; please ask again in a moment.", prompt.EventId, prompt.ThreadRoot);
            return;
        }

        using var timeout = new CancellationTokenSource(bot.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(prompt.Cancellation.Token, timeout.Token);
        var text = new StringBuilder();
        ChatUsage? usage = null;
        var edits = 0;
        var lastSend = 0L;
        metrics.PlatformOverhead(backend.Name, time.GetUtcNow() - prompt.PersistedAt);
        var started = time.GetTimestamp();
        try
        {
            await using var deltas = backend.CompleteAsync(request, linked.Token).GetAsyncEnumerator(linked.Token);
            var moved = deltas.MoveNextAsync();
            while (await moved)
            {
                var delta = deltas.Current;
                moved = default;
                usage = delta.Usage ?? usage;
                if (delta.Text.Length > 0)
                {
                    if (text.Length == 0)
                    {
                        metrics.FirstToken(backend.Name, time.GetElapsedTime(started));
                    }

                    text.Append(delta.Text);
                }

                if (delta.Text.Length == 0 || !streaming || prompt.IsCancelled)
                {
                    moved = deltas.MoveNextAsync();
                    continue;
                }

                // First text at once (it shows the answer is coming), then at most one edit per EditInterval and
                // MaxEditsPerMessage edits; the final edit below always carries the whole text. Text the model already
                // has ready joins the first send: an answer complete before it (an instant model) is sent once, whole,
                // without a trailing edit (the profile: a second send per question for nothing).
                if (prompt.AnswerEventId is null)
                {
                    moved = deltas.MoveNextAsync();
                    if (moved.IsCompleted)
                    {
                        continue;
                    }

                    await SendWhileReadingAsync(SendAnswerAsync(prompt, text.ToString()), moved, linked);
                    lastSend = time.GetTimestamp();
                    continue;
                }

                if (edits < _services.Limits.MaxEditsPerMessage && time.GetElapsedTime(lastSend) >= _services.Limits.EditInterval)
                {
                    await SendEventAsync(BotContent.Edit(prompt.AnswerEventId, text.ToString()));
                    edits++;
                    lastSend = time.GetTimestamp();
                }

                moved = deltas.MoveNextAsync();
            }

            linked.Token.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (prompt.IsCancelled)
        {
            return; // edited (a redo follows) or redacted (the pump removes the answer)
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await FailAsync(prompt, backend, "timeout", $"The model did not answer within {bot.RequestTimeout.TotalSeconds:0.#} seconds.", text, null);
            return;
        }
        catch (ChatBackendException ex)
        {
            await FailAsync(prompt, backend, KindName(ex.Kind), FailureText(ex.Kind), text, ex);
            return;
        }

        var full = text.ToString();
        if (full.Length == 0)
        {
            metrics.Failed(backend.Name, "empty");
            await SendNoticeAsync("The model returned an empty answer.", prompt.EventId, prompt.ThreadRoot);
            return;
        }

        if (prompt.AnswerEventId is null)
        {
            await SendAnswerAsync(prompt, full);
        }
        else
        {
            await SendEventAsync(BotContent.Edit(prompt.AnswerEventId, full));
        }

        _answered++;
        metrics.Completed(backend.Name, time.GetElapsedTime(started), usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0);
    }

    /// <summary>A failed model call: the metric, a log line without the message text, the partial answer marked as cut
    /// off, and a short notice naming the problem (never the backend's own message, which may hold an address or key).</summary>
    private async Task FailAsync(BotPrompt prompt, IChatBackend backend, string kind, string notice, StringBuilder partial, Exception? exception)
    {
        _services.Metrics.Failed(backend.Name, kind);
        Log.GenerationFailed(_logger, _key, kind, backend.Name, exception);
        if (prompt.AnswerEventId is { } answer && partial.Length > 0)
        {
            await SendEventAsync(BotContent.Edit(answer, partial + " […]"));
        }

        await SendNoticeAsync(notice, prompt.EventId, prompt.ThreadRoot);
    }

    internal static string KindName(ChatBackendErrorKind kind) => kind switch
    {
        ChatBackendErrorKind.Unavailable => "unavailable",
        ChatBackendErrorKind.Timeout => "timeout",
        ChatBackendErrorKind.RateLimited => "rate_limited",
        ChatBackendErrorKind.Rejected => "rejected",
        ChatBackendErrorKind.Malformed => "malformed",
        _ => "unknown",
    };

    internal static string FailureText(ChatBackendErrorKind kind) => kind switch
    {
        ChatBackendErrorKind.Unavailable => "The model backend is unavailable right now; please try again later.",
        ChatBackendErrorKind.Timeout => "The model backend timed out; please try again.",
        ChatBackendErrorKind.RateLimited => "The model backend is rate-limiting requests; please try again in a moment.",
        ChatBackendErrorKind.Rejected => "The model backend rejected the request.",
        ChatBackendErrorKind.Malformed => "The model backend sent an answer that could not be read.",
        _ => "The model backend failed.",
    };

    /// <summary>Awaits <paramref name="send"/> while the model's next delta is being read. When the send fails, the read
    /// is stopped and awaited first, so that the enumerator is never disposed with a read in flight.</summary>
    private static async Task SendWhileReadingAsync(Task send, ValueTask<bool> reading, CancellationTokenSource readCancellation)
    {
        try
        {
            await send;
        }
        catch (Exception)
        {
            await readCancellation.CancelAsync();
            try
            {
                await reading;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChatBackendException)
            {
                // the send's failure is the one that counts
            }

            throw;
        }
    }

    private async Task SendAnswerAsync(BotPrompt prompt, string text)
    {
        var mention = _joinedMembers > 2 ? prompt.Sender : null;
        var answerId = await SendEventAsync(BotContent.Answer(text, prompt.EventId, prompt.ThreadRoot, mention));
        prompt.AnswerEventId = answerId;
        RememberAnswer(prompt, answerId);
    }

    private async Task TypeWhileWorkingAsync(CancellationToken cancellationToken)
    {
        // Ends when the generation does. SuppressThrowing: a cancelled wait would otherwise throw (and be caught) once
        // per generation; ContinueOnCapturedContext keeps the loop on this activation (STYLE: never leave a grain turn).
        while (!cancellationToken.IsCancellationRequested)
        {
            await SetTypingAsync(true);
            await Task.Delay(TypingRefresh, _services.Time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SetTypingAsync(bool typing)
    {
        try
        {
            await GrainFactory.GetGrain<IRoomEphemeralGrain>(_roomId).SetTypingAsync(_botId, typing, (int)TypingTimeout.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is MatrixException or TimeoutException or GrainCallRejectedException)
        {
            Log.SendFailed(_logger, _key, ex);
        }
    }

    private async Task SendNoticeAsync(string text, string? replyTo, string? threadRoot)
    {
        try
        {
            await SendEventAsync(BotContent.Notice(text, replyTo, threadRoot));
        }
        catch (MatrixException ex)
        {
            Log.SendFailed(_logger, _key, ex);
        }
    }

    private async Task RedactAsync(string eventId)
    {
        try
        {
            await Room.RedactAsync(new RedactCommand(_botId, DeviceId, NewTxnId(), eventId, "The question was deleted."));
            History.Redact(eventId);
        }
        catch (MatrixException ex)
        {
            Log.SendFailed(_logger, _key, ex);
        }
        catch (Exception)
        {
            History.Disable(); // the redaction may or may not have happened
            throw;
        }
    }

    private async Task<string> SendEventAsync(System.Text.Json.JsonElement content)
    {
        var (type, wire) = await EncryptIfNeededAsync(EventTypes.Message, content);
        SendEventResult result;
        try
        {
            result = await Room.SendEventAsync(new SendEventCommand(_botId, DeviceId, NewTxnId(), type, wire));
        }
        catch (Exception ex) when (ex is not MatrixException)
        {
            History.Disable(); // the event may or may not be in the room: the history cannot tell any more
            throw;
        }

        RecordSent(result.EventId, result.Position, type, wire, content);
        return result.EventId;
    }

    private static string NewTxnId() => "bot" + Guid.NewGuid().ToString("N");
}
