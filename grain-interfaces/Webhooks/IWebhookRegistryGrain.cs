namespace IpGuard.GrainInterfaces;

/// <summary>Every registered webhook (a handful; never on the ingest path), keyed <see cref="Key"/>.</summary>
[Alias("ipguard.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    public const string Key = "webhooks";

    /// <summary>Registers a webhook and starts its worker.</summary>
    [Alias("Add")]
    Task Add(WebhookDefinition definition);

    /// <summary>Stops and removes a webhook; false if there is none of that id.</summary>
    [Alias("Remove")]
    Task<bool> Remove(string webhookId);

    /// <summary>The webhooks, oldest first.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<WebhookView>> List();

    /// <summary>Makes sure every webhook's worker runs (after a restart, workers are activated from here).</summary>
    [Alias("StartAll")]
    Task StartAll();
}
