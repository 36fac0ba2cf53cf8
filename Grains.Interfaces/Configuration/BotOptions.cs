namespace ClawChat.Grains.Interfaces.Configuration;

/// <summary>
/// One configured AI bot (list section <c>ClawChat:Bots</c>; environment <c>ClawChat__Bots__0__UserId</c> …). The
/// bot is an ordinary local Matrix user created at start-up when missing; its replies come from
/// <see cref="Backend"/>. Secrets: <see cref="ApiKey"/> comes from the environment or <see cref="ApiKeyFile"/>, lives
/// in memory only and is never logged or stored.
/// </summary>
public sealed class BotOptions
{
    public const string SectionName = "ClawChat:Bots";

    /// <summary>The bot's Matrix user ID on this server, e.g. <c>@clawbot:localhost</c>. Required.</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>Display name set on the bot's profile (default: the localpart).</summary>
    public string? DisplayName { get; set; }

    /// <summary>Avatar (an <c>mxc://</c> URI) set on the bot's profile.</summary>
    public string? AvatarUrl { get; set; }

    /// <summary><c>openai</c> (OpenAI-compatible chat completions) or <c>jsonrpc</c> (an external agent over
    /// JSON-RPC 2.0). Default <c>openai</c>.</summary>
    public string Backend { get; set; } = BotBackends.OpenAi;

    /// <summary>The backend's address: an HTTP(S) base URL (<c>http://127.0.0.1:11434/v1</c>) or, for
    /// <c>jsonrpc</c>, <c>unix:/run/agent.sock</c>. Default for <c>openai</c>: the OpenAI API.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name sent to the backend (a room may choose another with <c>!bot model</c>).</summary>
    public string? Model { get; set; }

    /// <summary>API key (from the environment: <c>ClawChat__Bots__0__ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file holding the API key (a mounted secret); read at start-up, trimmed.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>The system prompt (a room may override it with <c>!bot system</c>).</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Stream answers by editing one message (default true); off sends the answer whole.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Who may invite the bot: user IDs, <c>*:server</c> server globs or <c>*</c>. Empty (default): any
    /// local user.</summary>
    public List<string> AllowedInviters { get; set; } = [];

    /// <summary>Approximate token budget of the context sent to the model (system prompt + history). Default 4000.</summary>
    public int ContextTokens { get; set; } = 4000;

    /// <summary>Bound on one model call (first byte to last). Default 2 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Values of <see cref="BotOptions.Backend"/>.</summary>
public static class BotBackends
{
    public const string OpenAi = "openai";
    public const string JsonRpc = "jsonrpc";
}
