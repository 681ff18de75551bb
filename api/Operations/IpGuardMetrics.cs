using System.Diagnostics.Metrics;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Operations;

/// <summary>IpGuard's own meters: events ingested by kind and result, decisions and checkout outcomes.</summary>
internal sealed class IpGuardMetrics
{
    public const string MeterName = "IpGuard";

    private readonly Counter<long> _events;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _checkouts;

    private readonly Counter<long> _heldBack;

    public IpGuardMetrics(IMeterFactory meters, IpGuard.Api.Listings.IngestAdmission admission)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("ipguard.ingest.admission.limit", () => admission.Limit, "{event}", "Listing events ingest may have in flight now (lower while checkout is slow)");
        meter.CreateObservableGauge("ipguard.ingest.admission.in_flight", () => admission.InFlight, "{event}", "Listing events admitted and not yet answered");
        _heldBack = meter.CreateCounter<long>("ipguard.ingest.held_back", "{request}", "Ingest requests answered 429 after waiting their longest for room");
        _events = meter.CreateCounter<long>("ipguard.events.ingested", "{event}", "Events acknowledged, by kind and result (applied, duplicate)");
        _decisions = meter.CreateCounter<long>("ipguard.decisions", "{decision}", "Seller decisions returned by ingest answers, by decision");
        _checkouts = meter.CreateCounter<long>("ipguard.checkouts", "{answer}", "Checkout answers, by outcome");
    }

    public void Ingested(string kind, AckStatus status, Decision? decision = null)
    {
        if (status is AckStatus.Applied or AckStatus.Duplicate)
        {
            _events.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", status == AckStatus.Applied ? "applied" : "duplicate"));
        }

        if (decision is { } d)
        {
            _decisions.Add(1, new KeyValuePair<string, object?>("decision", IpGuard.Grains.Names.Of(d)));
        }
    }

    public void HeldBack() => _heldBack.Add(1);

    public void Checkout(CheckoutOutcome outcome) =>
        _checkouts.Add(1, new KeyValuePair<string, object?>("outcome", IpGuard.Grains.Names.Of(outcome)));
}
