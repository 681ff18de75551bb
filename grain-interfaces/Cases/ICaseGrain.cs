namespace IpGuard.GrainInterfaces;

/// <summary>One review case, keyed by caseId.</summary>
[Alias("ipguard.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey, IEventSourceGrain
{
    /// <summary>Opens the case (idempotent) and lists it in the queue.</summary>
    [Alias("Open")]
    Task<CaseView> Open(CaseOpening opening);

    /// <summary>Claims the case for a moderator; a conflict if another holds it.</summary>
    [Alias("Claim")]
    Task<CaseAnswer> Claim(string moderator);

    /// <summary>Resolves the case and applies its effects; a conflict if another moderator holds it.</summary>
    [Alias("Resolve")]
    Task<CaseAnswer> Resolve(CaseOutcome outcome, string note, string moderator);

    /// <summary>
    /// The case, or null if it was never opened. Interleaves even with a resolution, which waits
    /// on the subject's listing and seller: a seller reading its appeal's case meanwhile must not
    /// wait on the case in turn.
    /// </summary>
    [Alias("Get"), AlwaysInterleave]
    Task<CaseView?> Get();
}
