namespace IpGuard.GrainInterfaces;

/// <summary>
/// The risk policy's versions: their documents, which one is active and which one runs in
/// shadow. Written only by admins; each silo follows it with <see cref="WaitSnapshot"/>, a long
/// poll answered as soon as a change is stored.
/// </summary>
[Alias("ipguard.IPolicyRegistryGrain")]
public interface IPolicyRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one key this grain is used with.</summary>
    public const string Key = "policies";

    /// <summary>Every version with its status, the active one and the shadow one.</summary>
    [Alias("List"), ReadOnly]
    Task<PolicyList> List();

    /// <summary>One version's document and status, or null when it was never written.</summary>
    [Alias("Get"), ReadOnly]
    Task<PolicyRecord?> Get(string version);

    /// <summary>Creates or replaces a draft; a version ever active or shadow is not replaced.</summary>
    [Alias("Put")]
    Task<PolicyChange> Put(string version, string document, string? note);

    /// <summary>Makes a version the one every silo scores with; the previous active one is retired.</summary>
    [Alias("Activate")]
    Task<PolicyChange> Activate(string version);

    /// <summary>Runs a version in shadow beside the active one (replacing any other shadow).</summary>
    [Alias("Shadow")]
    Task<PolicyChange> Shadow(string version);

    /// <summary>Stops the shadow; answers whether one was running.</summary>
    [Alias("StopShadow")]
    Task<PolicyChange> StopShadow();

    /// <summary>The active and shadow documents, or null when the caller already has this generation.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<PolicySnapshot?> GetSnapshot(long knownGeneration);

    /// <summary>
    /// As <see cref="GetSnapshot"/>, but when the caller already has the stored generation it
    /// waits up to <paramref name="wait"/> for the next one, answering null if none came.
    /// </summary>
    [Alias("WaitSnapshot"), AlwaysInterleave]
    Task<PolicySnapshot?> WaitSnapshot(long knownGeneration, TimeSpan wait);
}
