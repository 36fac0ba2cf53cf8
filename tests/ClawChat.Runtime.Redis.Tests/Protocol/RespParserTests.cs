using System.Buffers;
using System.Text;
using ClawChat.Runtime.Redis.Protocol;

namespace ClawChat.Runtime.Redis.Tests.Protocol;

public class RespParserTests
{
    public static TheoryData<string, string> Replies => new()
    {
        { "+OK\r\n", "OK" },
        { "-NOSCRIPT No matching script.\r\n", "(error) NOSCRIPT No matching script." },
        { ":0\r\n", "(integer) 0" },
        { ":-9223372036854775808\r\n", "(integer) -9223372036854775808" },
        { "$5\r\nhello\r\n", "hello" },
        { "$0\r\n\r\n", "" },
        { "$-1\r\n", "(nil)" },
        { "$4\r\na\r\nb\r\n", "a\r\nb" },
        { "*-1\r\n", "(nil array)" },
        { "*0\r\n", "[]" },
        { "*3\r\n:1\r\n$-1\r\n+x\r\n", "[(integer) 1, (nil), x]" },
        { "*2\r\n*2\r\n$1\r\na\r\n*0\r\n*1\r\n-ERR inner\r\n", "[[a, []], [(error) ERR inner]]" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Parse_ReadsWholeReply(string wire, string expected)
    {
        var reply = ParseAll(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire)), out long consumed);

        Assert.Equal(expected, reply.ToString());
        Assert.Equal(wire.Length, consumed);
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void Parse_GivesSameReply_WhenSplitAtEveryOffset(string wire, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (int cut = 1; cut < bytes.Length; cut++)
            Assert.Equal(expected, ParseAll(BufferSegment.Split(bytes, cut), out _).ToString());
        Assert.Equal(expected, ParseAll(BufferSegment.OneBytePerSegment(bytes), out _).ToString());
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void Parse_ReportsIncomplete_ForEveryProperPrefix(string wire, string expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(RespParser.TryParse(ref reader, out _), $"prefix of {length} bytes parsed as complete");
        }
    }

    [Fact]
    public void Parse_ReadsConsecutiveReplies_InOrder()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("+A\r\n:2\r\n$1\r\nC\r\n+D"u8.ToArray()));
        var replies = new List<string>();
        while (RespParser.TryParse(ref reader, out var reply))
            replies.Add(reply!.ToString());

        Assert.Equal(["A", "(integer) 2", "C"], replies);
    }

    [Fact]
    public void Parse_ReadsBigBulkString_AcrossManySegments()
    {
        var payload = new byte[3 * 1024 * 1024 + 7];
        Random.Shared.NextBytes(payload);
        var wire = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var cuts = Enumerable.Range(1, 200).Select(i => i * 16_000 + 3).ToArray();

        var reply = ParseAll(BufferSegment.Split(wire, cuts), out long consumed);

        Assert.Equal(payload, reply.AsBytes());
        Assert.Equal(wire.Length, consumed);
    }

    [Fact]
    public void Parse_ReportsIncomplete_WhenBigBulkStringIsTruncated()
    {
        var wire = "$1000000\r\n"u8.ToArray().Concat(new byte[999_999]).ToArray();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));

        Assert.False(RespParser.TryParse(ref reader, out _));
    }

    [Theory]
    [InlineData("!oops\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("*-5\r\n")]
    [InlineData(":\r\n")]
    public void Parse_Throws_OnMalformedInput(string wire)
    {
        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));
            RespParser.TryParse(ref reader, out _);
        });
    }

    [Fact]
    public void Parse_Throws_WhenNestingExceedsLimit()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", RespParser.MaxDepth + 1)) + ":1\r\n";

        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire)));
            RespParser.TryParse(ref reader, out _);
        });
    }

    [Fact]
    public void Writer_EncodesCommand_AsArrayOfBulkStrings()
    {
        var buffer = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(buffer, ["SET", "k€", -42L, new byte[] { 0, 13, 10 }]);

        Assert.Equal("*4\r\n$3\r\nSET\r\n$4\r\nk€\r\n$3\r\n-42\r\n$3\r\n\0\r\n\r\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static RedisResult ParseAll(ReadOnlySequence<byte> sequence, out long consumed)
    {
        var reader = new SequenceReader<byte>(sequence);
        Assert.True(RespParser.TryParse(ref reader, out var reply), "reply incomplete");
        consumed = reader.Consumed;
        return reply!;
    }
}
