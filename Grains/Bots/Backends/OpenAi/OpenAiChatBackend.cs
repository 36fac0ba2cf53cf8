using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using ClawChat.Grains.Interfaces.Configuration;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using OpenAiMessage = OpenAI.Chat.ChatMessage;

namespace ClawChat.Grains.Bots.Backends.OpenAi;

/// <summary>
/// OpenAI-compatible chat completions through the official SDK (DESIGN §8): OpenAI itself (no
/// <see cref="BotOptions.Endpoint"/>), Azure OpenAI's v1 endpoint (<c>https://RESOURCE.openai.azure.com/openai/v1/</c>)
/// and local servers (Ollama, vLLM, llama.cpp: <c>http://127.0.0.1:11434/v1</c>). One instance per bot, shared by
/// all its conversations: the SDK client and its HTTP connection pool are thread-safe; a room's model override only
/// picks another lightweight <see cref="ChatClient"/> over the same pipeline.
/// </summary>
public sealed partial class OpenAiChatBackend : IChatBackend, IDisposable
{
    /// <summary>Sent when a local server needs no key: the SDK refuses to build a client without one.</summary>
    public const string PlaceholderApiKey = "clawchat-no-key";

    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly OpenAIClient _client;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;
    private readonly string _botUserId;
    private readonly ILogger _logger;

    /// <param name="apiKey">The resolved key (<see cref="BotApiKey.Resolve"/>); null sends
    /// <see cref="PlaceholderApiKey"/>. Kept only to scrub it from error details.</param>
    public OpenAiChatBackend(BotOptions bot, string? apiKey, ILogger<OpenAiChatBackend> logger)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(logger);
        _botUserId = bot.UserId;
        _timeout = bot.RequestTimeout;
        _apiKey = apiKey;
        _logger = logger;

        // Our own HttpClient so that connecting has a deadline of its own and DNS changes are picked up; the
        // whole-call deadline is the linked token in CompleteAsync, so HttpClient.Timeout stays off.
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = _timeout < MaxConnectTimeout ? _timeout : MaxConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(_http),

            // No SDK retries: a retried 429 or 5xx would hide the failure from the conversation (which shows a
            // notice and keeps its own rate limits) and multiply the wait past RequestTimeout.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),

            // Per network operation, including each read of a streamed body: a server that stops sending mid-answer
            // fails within this bound even if the caller's token never fires.
            NetworkTimeout = _timeout,
        };
        if (!string.IsNullOrWhiteSpace(bot.Endpoint))
        {
            options.Endpoint = new Uri(bot.Endpoint, UriKind.Absolute);
        }

        _client = new OpenAIClient(new ApiKeyCredential(apiKey ?? PlaceholderApiKey), options);
    }

    public string Name => BotBackends.OpenAi;

    public async IAsyncEnumerable<ChatDelta> CompleteAsync(
        ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var chat = _client.GetChatClient(request.Model);
        var messages = ToOpenAi(request.Messages);
        var options = new ChatCompletionOptions();

        if (!request.Stream)
        {
            yield return await CompleteWholeAsync(chat, request.Model, messages, options, deadline.Token, cancellationToken);
            yield break;
        }

        // The SDK asks for stream_options.include_usage on streamed calls itself (the option is internal in 2.15),
        // so the last chunk before [DONE] carries the usage when the server supports it.
        var updates = chat.CompleteChatStreamingAsync(messages, options, deadline.Token).GetAsyncEnumerator(deadline.Token);
        ChatUsage? usage = null;
        string? finishReason = null;
        try
        {
            while (true)
            {
                StreamingChatCompletionUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
                {
                    throw Translate(ex, request.Model);
                }

                if (update.Usage is { } u)
                {
                    usage = new ChatUsage(u.InputTokenCount, u.OutputTokenCount);
                }

                if (update.FinishReason is { } reason)
                {
                    finishReason = FinishReasonText(reason);
                }

                var text = TextOf(update.ContentUpdate, update.RefusalUpdate);
                if (text.Length > 0)
                {
                    yield return new ChatDelta(text);
                }
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }

        if (usage is not null || finishReason is not null)
        {
            yield return new ChatDelta(string.Empty, usage, finishReason);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<ChatDelta> CompleteWholeAsync(
        ChatClient chat,
        string model,
        List<OpenAiMessage> messages,
        ChatCompletionOptions options,
        CancellationToken deadline,
        CancellationToken cancellationToken)
    {
        try
        {
            ChatCompletion completion = await chat.CompleteChatAsync(messages, options, deadline);
            var usage = completion.Usage is { } u ? new ChatUsage(u.InputTokenCount, u.OutputTokenCount) : null;
            return new ChatDelta(TextOf(completion.Content, completion.Refusal), usage, FinishReasonText(completion.FinishReason));
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken))
        {
            throw Translate(ex, model);
        }
    }

    /// <summary>OpenAI's <c>name</c> must match <c>^[a-zA-Z0-9_-]{1,64}$</c>; a Matrix user ID (<c>@alice:example.org</c>)
    /// does not, and servers answer 400. Other characters become <c>_</c> (<c>alice_example_org</c>).</summary>
    internal static string? ParticipantName(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var span = userId.AsSpan().TrimStart('@');
        var builder = new StringBuilder(Math.Min(span.Length, 64));
        foreach (var c in span)
        {
            if (builder.Length == 64)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static List<OpenAiMessage> ToOpenAi(IReadOnlyList<ChatMessage> messages)
    {
        var result = new List<OpenAiMessage>(messages.Count);
        foreach (var message in messages)
        {
            result.Add(message.Role switch
            {
                ChatRole.System => new SystemChatMessage(message.Content),
                ChatRole.Assistant => new AssistantChatMessage(message.Content),
                _ => new UserChatMessage(message.Content) { ParticipantName = ParticipantName(message.Name) },
            });
        }

        return result;
    }

    private static string TextOf(ChatMessageContent? content, string? refusal)
    {
        if (content is { Count: 1 } && content[0].Kind == ChatMessageContentPartKind.Text)
        {
            return content[0].Text ?? string.Empty;
        }

        var builder = new StringBuilder();
        if (content is not null)
        {
            foreach (var part in content)
            {
                if (part.Kind == ChatMessageContentPartKind.Text)
                {
                    builder.Append(part.Text);
                }
            }
        }

        // A refusal is the model's answer too ("I can't help with that"); show it rather than an empty reply.
        if (builder.Length == 0 && !string.IsNullOrEmpty(refusal))
        {
            builder.Append(refusal);
        }

        return builder.ToString();
    }

    private static string FinishReasonText(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
