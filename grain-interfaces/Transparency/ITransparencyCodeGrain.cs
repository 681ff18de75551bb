namespace IpGuard.GrainInterfaces;

/// <summary>One scanned code, keyed by the code: where and how often it was seen.</summary>
[Alias("ipguard.ITransparencyCodeGrain")]
public interface ITransparencyCodeGrain : IGrainWithStringKey
{
    /// <summary>Checks the code and records the scan; unknown, cloned and wrong_brand count against the listing or seller.</summary>
    [Alias("Scan")]
    Task<Ack<ScanAnswer>> Scan(ScanCommand scan);
}
