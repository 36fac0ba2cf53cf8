using System.Globalization;
using System.Text;

namespace ClawChat.Grains.Sync;

/// <summary>
/// A <c>/sync</c> <c>next_batch</c> token (DIGEST §6, §8 advice: one kind prefix, no secrets, survives restarts):
/// <c>t&lt;checkpoint&gt;_&lt;accountData&gt;[_&lt;index&gt;.&lt;events&gt;.&lt;ephemeral&gt;-…][~&lt;toDevice&gt;.&lt;deviceLists&gt;]</c>.
/// It names a persisted checkpoint of the user's positions plus the few rooms that moved since (at most
/// <see cref="SyncGrain.MaxTokenRooms"/>; past that a new checkpoint is written), the account-data version, and —
/// when either is non-zero — the requesting device's to-device position (the inbox sequence delivered through;
/// DIGEST §13) and the user's device-list log position (§12.5). Tokens issued before the last two existed have
/// no <c>~</c> part and read as position 0. Only URL-safe characters, so clients may pass it unescaped.
/// </summary>
internal sealed record SyncToken(long CheckpointId, long AccountData, IReadOnlyList<SyncTokenEntry> Entries, long ToDevice = 0, long DeviceLists = 0)
{
    public const char Prefix = 't';
    private const char StreamsSeparator = '~';

    public string Format()
    {
        var builder = new StringBuilder(32);
        builder.Append(Prefix).Append(CheckpointId.ToString(CultureInfo.InvariantCulture))
            .Append('_').Append(AccountData.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            builder.Append(i == 0 ? '_' : '-')
                .Append(entry.Index.ToString(CultureInfo.InvariantCulture)).Append('.')
                .Append(entry.Events.ToString(CultureInfo.InvariantCulture)).Append('.')
                .Append(entry.Ephemeral.ToString(CultureInfo.InvariantCulture));
        }

        if (ToDevice != 0 || DeviceLists != 0)
        {
            builder.Append(StreamsSeparator)
                .Append(ToDevice.ToString(CultureInfo.InvariantCulture)).Append('.')
                .Append(DeviceLists.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public static bool TryParse(string? token, out SyncToken result)
    {
        result = null!;
        if (token is not { Length: > 1 } || token[0] != Prefix)
        {
            return false;
        }

        var body = token[1..];
        long toDevice = 0, deviceLists = 0;
        var streams = body.IndexOf(StreamsSeparator, StringComparison.Ordinal);
        if (streams >= 0)
        {
            var fields = body[(streams + 1)..].Split('.');
            if (fields.Length != 2 || !TryLong(fields[0], out toDevice) || !TryLong(fields[1], out deviceLists))
            {
                return false;
            }

            body = body[..streams];
        }

        var parts = body.Split('_');
        if (parts.Length is < 2 or > 3 || !TryLong(parts[0], out var checkpoint) || !TryLong(parts[1], out var accountData))
        {
            return false;
        }

        var entries = new List<SyncTokenEntry>();
        if (parts.Length == 3)
        {
            foreach (var item in parts[2].Split('-'))
            {
                var fields = item.Split('.');
                if (fields.Length != 3 || !TryLong(fields[0], out var index) || index > int.MaxValue
                    || !TryLong(fields[1], out var events) || !TryLong(fields[2], out var ephemeral))
                {
                    return false;
                }

                entries.Add(new SyncTokenEntry((int)index, events, ephemeral));
            }
        }

        result = new SyncToken(checkpoint, accountData, entries, toDevice, deviceLists);
        return true;
    }

    private static bool TryLong(string value, out long result) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);
}
