namespace ClawChat.Runtime.Redis;

/// <summary>The RESP2 reply kinds.</summary>
public enum RedisResultType
{
    /// <summary><c>+OK</c>: a short status text.</summary>
    SimpleString,

    /// <summary><c>-ERR ...</c>: an error reply; <see cref="RedisClient"/> surfaces it as <see cref="RedisServerException"/>.</summary>
    Error,

    /// <summary><c>:42</c>: a signed 64-bit integer.</summary>
    Integer,

    /// <summary><c>$3\r\nfoo</c>: a binary-safe string, possibly null (<c>$-1</c>).</summary>
    BulkString,

    /// <summary><c>*2\r\n...</c>: an array of replies, possibly null (<c>*-1</c>) or nested.</summary>
    Array,
}
