using System.Buffers;

namespace ClawChat.Runtime.Redis.Tests.Protocol;

/// <summary>Builds multi-segment sequences to exercise the parser across segment boundaries.</summary>
internal sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    private BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToArray();
        var first = new BufferSegment(bytes.AsMemory(0, bounds[0]));
        var last = first;
        for (int i = 1; i < bounds.Length; i++)
            last = last.Append(bytes.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
        => Split(bytes, Enumerable.Range(1, Math.Max(0, bytes.Length - 1)).ToArray());

    private BufferSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new BufferSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}
