namespace ClawChat.Runtime.Catalog;

/// <summary>Rarely used per-activation data, allocated on first use so idle activations stay small
/// (Orleans' ActivationDataExtra idea).</summary>
internal sealed class ActivationExtras
{
    private List<(long ChainId, int Count)>? _chains;

    public List<GrainTimer>? Timers { get; set; }

    public List<IStateFacet>? States { get; set; }

    public List<CancellationTokenSource>? RunningCancellations { get; set; }

    public bool DeactivateOnIdle { get; set; }

    public DeactivationReason? PendingDeactivation { get; set; }

    public long KeepAliveUntil { get; set; }

    /// <summary>Completed when no request runs any more (awaited by deactivation).</summary>
    public TaskCompletionSource? IdleSignal { get; set; }

    /// <summary>Completed when deactivation finished.</summary>
    public TaskCompletionSource? Deactivated { get; set; }

    public bool AllowsChain(long chainId)
    {
        if (_chains is null)
        {
            return false;
        }

        foreach (var (id, _) in _chains)
        {
            if (id == chainId)
            {
                return true;
            }
        }

        return false;
    }

    public void AllowChain(long chainId)
    {
        _chains ??= new List<(long, int)>(2);
        for (var i = 0; i < _chains.Count; i++)
        {
            if (_chains[i].ChainId == chainId)
            {
                _chains[i] = (chainId, _chains[i].Count + 1);
                return;
            }
        }

        _chains.Add((chainId, 1));
    }

    public void ReleaseChain(long chainId)
    {
        if (_chains is null)
        {
            return;
        }

        for (var i = 0; i < _chains.Count; i++)
        {
            if (_chains[i].ChainId == chainId)
            {
                if (_chains[i].Count <= 1)
                {
                    _chains.RemoveAt(i);
                }
                else
                {
                    _chains[i] = (chainId, _chains[i].Count - 1);
                }

                return;
            }
        }
    }
}
