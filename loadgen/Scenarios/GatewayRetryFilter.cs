using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// Retries the Orleans client's first connection while the gateway is not (yet) answering, at a
/// short fixed pace, and remembers the last failure for the message. The direct scenario bounds
/// the whole connect with its own deadline; Orleans' default filter backs off linearly over 15
/// attempts, about three minutes with nothing listening.
/// </summary>
internal sealed class GatewayRetryFilter(TimeSpan pause) : IClientConnectionRetryFilter
{
    private Exception? _last;

    /// <summary>Why the last attempt failed, if one did.</summary>
    public Exception? LastFailure => Volatile.Read(ref _last);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _last, exception);
        if (exception is not (ConnectionFailedException or OrleansMessageRejectionException) || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        await Task.Delay(pause, cancellationToken);
        return true;
    }
}
