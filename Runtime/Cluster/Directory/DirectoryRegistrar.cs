using ClawChat.Runtime.Cluster.Membership;

namespace ClawChat.Runtime.Cluster.Directory;

/// <summary>
/// Drives one registration to its end with the C5 rules (<see cref="DirectoryDecision"/>): register,
/// and on someone else's entry forward, retry with CAS, sleep out a dead silo's lease, wait for a
/// ShuttingDown silo, or refresh membership, all within one deadline. Rule 1's follow-up (the winner
/// answers NonExistentActivation) belongs to the caller: register again passing that entry as
/// expectedPrevious.
/// </summary>
public static class DirectoryRegistrar
{
    /// <summary>Registers <paramref name="address"/>. Returns the winning entry: <paramref name="address"/>
    /// itself when we won, else the live activation to forward to.</summary>
    /// <exception cref="TimeoutException">No decision within <paramref name="timeout"/>.</exception>
    public static async Task<GrainAddress> RegisterAsync(
        IGrainDirectory directory,
        IClusterMembershipService membership,
        GrainAddress address,
        DirectoryDecisionPolicy policy,
        TimeSpan timeout,
        TimeProvider? timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(policy);
        var time = timeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        GrainAddress? expected = null;
        TimeSpan? lease = null;
        var shutdownWaits = 0;
        var shutdownWaited = TimeSpan.Zero;

        while (true)
        {
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Registering {address.GrainId} on {address.Silo} took longer than {timeout}.");
            }

            var (winner, retryAfter) = await directory.RegisterAsync(address, expected, lease, cancellationToken).ConfigureAwait(false);
            if (winner.ActivationId == address.ActivationId && winner.Silo == address.Silo)
            {
                return winner;
            }

            if (retryAfter is { } wait)
            {
                // The dead owner's lease has not expired yet (rule 3); the script told us how long.
                await Task.Delay(wait < remaining ? wait : remaining, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var action = DirectoryDecision.Decide(winner, address.Silo, membership.Current, policy, shutdownWaits, shutdownWaited);
            switch (action.Kind)
            {
                case DirectoryActionKind.Forward:
                    return winner;
                case DirectoryActionKind.Retry:
                    expected = action.ExpectedPrevious;
                    lease = action.RequiredLease;
                    break;
                case DirectoryActionKind.Wait:
                    await Task.Delay(action.Delay < remaining ? action.Delay : remaining, time, cancellationToken).ConfigureAwait(false);
                    shutdownWaits++;
                    shutdownWaited += action.Delay;
                    expected = null;
                    lease = null;
                    break;
                case DirectoryActionKind.Refresh:
                    using (var deadline = new CancellationTokenSource(remaining, time))
                    using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
                    {
                        try
                        {
                            await membership.RefreshAsync(action.MinVersion, linked.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                        }
                    }

                    break;
            }
        }
    }
}
