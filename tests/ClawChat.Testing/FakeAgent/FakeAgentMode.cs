namespace ClawChat.Testing.FakeAgent;

/// <summary>How <see cref="FakeJsonRpcAgent"/> answers a <c>chat.complete</c> request.</summary>
public enum FakeAgentMode
{
    /// <summary>Deltas (when the request streams and the transport can carry them), then the result.</summary>
    Normal,

    /// <summary>A JSON-RPC error object (<see cref="FakeJsonRpcAgent.ErrorCode"/>, <see cref="FakeJsonRpcAgent.ErrorKind"/>…).</summary>
    Error,

    /// <summary>Never answers until the client closes the connection or the agent stops.</summary>
    Hang,

    /// <summary>Sends about half of the deltas, then closes the connection.</summary>
    CloseMidStream,

    /// <summary>Sends one line longer than <see cref="FakeJsonRpcAgent.OversizeLineBytes"/>.</summary>
    OversizeLine,

    /// <summary>Sends a line that is not JSON.</summary>
    MalformedLine,

    /// <summary>Answers with another request id.</summary>
    WrongId,
}

/// <summary>What <c>result.text</c> holds after streamed deltas.</summary>
public enum FakeAgentFinalText
{
    /// <summary>The whole answer (the deltas' concatenation).</summary>
    Full,

    /// <summary>An empty string: the deltas were the answer.</summary>
    Empty,

    /// <summary>Text that does not continue the deltas (a protocol violation).</summary>
    Different,
}
