namespace IpGuard.GrainInterfaces;

/// <summary>
/// One webhook's delivery worker, keyed by webhookId: it follows the event log from its own
/// cursor and posts to one receiver, so a slow receiver holds up no one else.
/// </summary>
[Alias("ipguard.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts delivering (idempotent): from the log's end when first started, else from where it
    /// was. Interleaves with a delivery round: the registry starts every worker every 10 s, and
    /// must not wait on a receiver that hangs (nor make the webhook routes wait behind it).
    /// </summary>
    [Alias("Start"), AlwaysInterleave]
    Task Start(WebhookDefinition definition);

    /// <summary>
    /// Stops for good and forgets pending deliveries. Interleaves with a delivery round, which it
    /// cancels and waits out: a receiver that hangs does not hold up its webhook's removal.
    /// </summary>
    [Alias("Delete"), AlwaysInterleave]
    Task Delete();

    /// <summary>The most recent attempts, newest first.</summary>
    [Alias("GetDeliveries"), AlwaysInterleave]
    Task<IReadOnlyList<DeliveryAttempt>> GetDeliveries(int limit);
}
