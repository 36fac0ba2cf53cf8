using ClawChat.Grains.Interfaces.Push;
using ClawChat.Runtime;

namespace ClawChat.Grains.Sync;

/// <summary>
/// Access to the push engineer's <see cref="INotificationsGrain"/> that tolerates its absence: until a grain class
/// implements it, <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> throws "no grain class implementing …"
/// (InvalidOperationException). That is learned once per process; sync then omits unread counts and rooms skip
/// the per-event calls.
/// </summary>
internal static class NotificationsAccess
{
    private const int Unknown = 0;
    private const int Present = 1;
    private const int Missing = 2;

    private static int _availability;

    public static bool IsAvailable(IGrainFactory grains) => Get(grains, "@probe:localhost") is not null;

    public static INotificationsGrain? Get(IGrainFactory grains, string userId)
    {
        if (Volatile.Read(ref _availability) == Missing)
        {
            return null;
        }

        try
        {
            var grain = grains.GetGrain<INotificationsGrain>(userId);
            Volatile.Write(ref _availability, Present);
            return grain;
        }
        catch (InvalidOperationException) when (Volatile.Read(ref _availability) == Unknown)
        {
            Volatile.Write(ref _availability, Missing);
            return null;
        }
    }
}
