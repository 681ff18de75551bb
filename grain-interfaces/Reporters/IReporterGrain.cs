namespace IpGuard.GrainInterfaces;

/// <summary>A reporter's credibility, keyed by reporterId.</summary>
[Alias("ipguard.IReporterGrain")]
public interface IReporterGrain : IGrainWithStringKey
{
    /// <summary>The weight this reporter's next report carries.</summary>
    [Alias("GetWeight"), ReadOnly]
    Task<double> GetWeight();

    /// <summary>Counts a decided report of this reporter, once per case.</summary>
    [Alias("RecordOutcome")]
    Task RecordOutcome(string caseId, CaseOutcome outcome);

    /// <summary>The reporter's track record.</summary>
    [Alias("Get"), ReadOnly]
    Task<ReporterView> Get();
}

/// <summary>A reporter's credibility and track record.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ReporterView")]
public sealed record ReporterView(string ReporterId, double Weight, int Confirmed, int Dismissed);
