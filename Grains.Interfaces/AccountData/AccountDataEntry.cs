using System.Text.Json;

namespace ClawChat.Grains.Interfaces.AccountData;

/// <summary>One account-data entry as sync sends it: <c>{"type": …, "content": …}</c>.</summary>
public sealed record AccountDataEntry(string Type, JsonElement Content);
