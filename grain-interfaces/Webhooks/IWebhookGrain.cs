namespace IpGuard.GrainInterfaces;

/// <summary>
/// One webhook's delivery worker, keyed by webhookId: it follows the event log from its own
/// cursor and posts to one receiver, so a slow receiver holds up no one else.
/// </summary>
[Alias("ipguard.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Starts delivering (idempotent): from the log's end when first started, else from where it was.</summary>
    [Alias("Start")]
    Task Start(WebhookDefinition definition);

    /// <summary>Stops for good and forgets pending deliveries.</summary>
    [Alias("Delete")]
    Task Delete();

    /// <summary>The most recent attempts, newest first.</summary>
    [Alias("GetDeliveries"), AlwaysInterleave]
    Task<IReadOnlyList<DeliveryAttempt>> GetDeliveries(int limit);
}
