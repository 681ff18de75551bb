namespace IpGuard.Grains;

/// <summary>Webhook delivery (section <c>IpGuard:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "IpGuard:Webhooks";

    /// <summary>
    /// The hosts an admin's webhook may target: exact names, or "*.example.com" for subdomains.
    /// Empty (the default) allows any. A brand's webhook never targets a loopback or private address.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>No answer within this is a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; it doubles each time, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an event is retried before it is abandoned.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often an idle webhook looks for new events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many subjects one webhook delivers to at once (a subject's own events go one at a time).</summary>
    public int Concurrency { get; set; } = 8;

    public bool IsValid() =>
        Timeout > TimeSpan.Zero && InitialBackoff > TimeSpan.Zero && MaxBackoff >= InitialBackoff
        && RetryFor > TimeSpan.Zero && PollInterval > TimeSpan.Zero && Concurrency is >= 1 and <= 64;

    /// <summary>Whether an admin's webhook may target the host.</summary>
    public bool Allows(string host) => AllowedHosts.Count == 0 || AllowedHosts.Any(pattern =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));
}
