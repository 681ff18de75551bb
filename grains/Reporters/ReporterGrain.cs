using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A reporter's credibility: a new reporter starts low, each confirmed report raises the
/// weight its next reports carry and each dismissed one lowers it, within bounds.
/// </summary>
[GrainType("reporter")]
internal sealed class ReporterGrain(
    [PersistentState("state", StorageNames.Default)] IPersistentState<ReporterState> state,
    PolicyProvider policies) : DurableGrain<ReporterState>(state), IReporterGrain
{
    public Task<double> GetWeight() => Task.FromResult(Weight());

    public async Task RecordOutcome(string caseId, CaseOutcome outcome)
    {
        if (!AppliedOnce.TryAdd(State.Cases, caseId, 500))
        {
            return;
        }

        if (outcome == CaseOutcome.Confirmed)
        {
            State.Confirmed++;
        }
        else
        {
            State.Dismissed++;
        }

        await PersistAsync();
    }

    public Task<ReporterView> Get() =>
        Task.FromResult(new ReporterView(this.GetPrimaryKeyString(), Weight(), State.Confirmed, State.Dismissed));

    private double Weight()
    {
        var p = policies.Current.Policy.Enforcement;
        var weight = p.NewReporterWeight + (p.ConfirmedReportStep * State.Confirmed) - (p.DismissedReportStep * State.Dismissed);
        return Math.Clamp(weight, p.MinReporterWeight, p.MaxReporterWeight);
    }
}

/// <summary>A reporter's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.ReporterState")]
internal sealed class ReporterState
{
    [Id(0)] public int Confirmed { get; set; }
    [Id(1)] public int Dismissed { get; set; }

    /// <summary>The recent cases counted, so that a retried outcome counts once.</summary>
    [Id(2)] public List<string> Cases { get; set; } = [];
}
