using System.Text.Json;

namespace ClawChat.Grains.E2ee.ToDevice;

/// <summary>One pending message of a <see cref="ToDeviceInboxGrain"/>; <paramref name="Size"/> is the content's
/// length in bytes (JSON), counted against the inbox's byte bound.</summary>
public sealed record ToDeviceEntry(long Sequence, string Sender, string Type, JsonElement Content, string MessageId, int Size);
