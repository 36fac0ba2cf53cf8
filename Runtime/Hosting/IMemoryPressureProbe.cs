namespace ClawChat.Runtime.Hosting;

/// <summary>Reports managed memory use as a percent of what this process may use.</summary>
public interface IMemoryPressureProbe
{
    double UsedPercent();
}

/// <summary>Heap size against the GC's available memory (the container limit or
/// <c>GCHeapHardLimit</c> when set, the machine's memory otherwise).</summary>
public sealed class GcMemoryPressureProbe : IMemoryPressureProbe
{
    public double UsedPercent()
    {
        var info = GC.GetGCMemoryInfo();
        var limit = info.TotalAvailableMemoryBytes;
        return limit <= 0 ? 0 : 100.0 * GC.GetTotalMemory(forceFullCollection: false) / limit;
    }
}
