using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The event log's and the webhooks' meters, under the api's meter name (exported on /metrics).</summary>
public sealed class EventMetrics : IDisposable
{
    public const string MeterName = "IpGuard";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _appended;
    private readonly Counter<long> _deliveries;
    private readonly ConcurrentDictionary<string, double> _lag = new(StringComparer.Ordinal);

    public EventMetrics()
    {
        _appended = _meter.CreateCounter<long>("ipguard.events.appended", "{event}", "Events appended to the durable log, by type");
        _deliveries = _meter.CreateCounter<long>("ipguard.webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome (delivered, failed, abandoned)");
        _meter.CreateObservableGauge("ipguard.webhook.lag", ObserveLag, "s", "Age of the oldest event a webhook has yet to deliver (0 when caught up), by webhook");
    }

    public void Appended(IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            _appended.Add(1, new KeyValuePair<string, object?>("type", e.Type));
        }
    }

    public void Delivery(string outcome) => _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Lag(string webhookId, TimeSpan lag) => _lag[webhookId] = Math.Max(0, lag.TotalSeconds);

    public void Forget(string webhookId) => _lag.TryRemove(webhookId, out _);

    private IEnumerable<Measurement<double>> ObserveLag() =>
        _lag.Select(l => new Measurement<double>(l.Value, new KeyValuePair<string, object?>("webhook", l.Key)));

    public void Dispose() => _meter.Dispose();
}
