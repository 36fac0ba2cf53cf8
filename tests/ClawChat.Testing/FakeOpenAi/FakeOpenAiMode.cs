namespace ClawChat.Testing.FakeOpenAi;

/// <summary>How <see cref="FakeOpenAiServer"/> answers a request.</summary>
public enum FakeOpenAiMode
{
    /// <summary>A chat completion (SSE when the request asked for a stream).</summary>
    Normal,

    /// <summary>500 with an OpenAI-style error body.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c> (<see cref="FakeOpenAiServer.RetryAfterSeconds"/>).</summary>
    RateLimited,

    /// <summary>401 whose error message quotes the received key, as real servers do ("Incorrect API key provided").</summary>
    Unauthorized,

    /// <summary>Accepts the request and never answers until the client gives up or the server stops.</summary>
    Hang,

    /// <summary>200 with a body (or SSE event) that is not JSON.</summary>
    MalformedBody,

    /// <summary>Sends part of the answer, then aborts the connection.</summary>
    CloseMidStream,
}
