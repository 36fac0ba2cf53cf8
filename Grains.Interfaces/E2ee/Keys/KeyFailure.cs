namespace ClawChat.Grains.Interfaces.E2ee.Keys;

/// <summary>Why one signed object of <c>POST /keys/signatures/upload</c> was refused: a Matrix <c>errcode</c> and
/// message, returned in the response's <c>failures</c> map rather than as an error response.</summary>
public sealed record KeyFailure(string ErrCode, string Error);
