namespace IpGuard.GrainInterfaces;

/// <summary>A registered webhook, secret included: held by the registry and the webhook's grain only.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.WebhookDefinition")]
public sealed record WebhookDefinition(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Types,
    [property: Id(3)] string? BrandId,
    [property: Id(4)] string? Description,
    [property: Id(5)] string Secret,
    [property: Id(6)] DateTimeOffset CreatedAt)
{
    /// <summary>What the api shows of it: everything but the secret.</summary>
    public WebhookView View() => new(WebhookId, Url, Types, BrandId, Description, CreatedAt);
}

/// <summary>A webhook as GET /v1/webhooks lists it: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.WebhookView")]
public sealed record WebhookView(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Types,
    [property: Id(3)] string? BrandId,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>
/// One delivery attempt: <see cref="Status"/> is delivered (a 2xx), failed (retried later) or
/// abandoned (still failing 24 h after the first attempt); <see cref="HttpStatus"/> is the
/// receiver's answer, if it gave one.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.DeliveryAttempt")]
public sealed record DeliveryAttempt(
    [property: Id(0)] string EventId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] int? HttpStatus,
    [property: Id(5)] string? Error);
