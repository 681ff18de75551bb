using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A webhook worker's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.WebhookState")]
internal sealed class WebhookState
{
    [Id(0)] public WebhookDefinition? Definition { get; set; }

    /// <summary>The log cursor before which every event of the webhook was acknowledged or abandoned.</summary>
    [Id(1)] public string? Cursor { get; set; }

    /// <summary>Events past the cursor that failed, by eventId: they survive restarts with their attempts.</summary>
    [Id(2)] public Dictionary<string, RetryState> Retrying { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most recent attempts, oldest first.</summary>
    [Id(3)] public List<DeliveryAttempt> Attempts { get; set; } = [];

    [Id(4)] public bool Deleted { get; set; }
}

/// <summary>A failing event: how many attempts, since when, and when to try again.</summary>
[GenerateSerializer, Alias("ipguard.WebhookRetryState")]
internal sealed record RetryState(
    [property: Id(0)] int Attempts,
    [property: Id(1)] DateTimeOffset FirstAt,
    [property: Id(2)] DateTimeOffset NextAt);

/// <summary>The webhook registry's durable state.</summary>
[GenerateSerializer, Alias("ipguard.WebhookRegistryState")]
internal sealed class WebhookRegistryState
{
    [Id(0)] public List<WebhookDefinition> Webhooks { get; set; } = [];
}
