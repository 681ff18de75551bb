namespace IpGuard.GrainInterfaces;

/// <summary>A Brand Registry entry and its stats, keyed by brandId.</summary>
[Alias("ipguard.IBrandGrain")]
public interface IBrandGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the registry entry; stats are kept.</summary>
    [Alias("Put")]
    Task<BrandView> Put(BrandRegistryEntry entry);

    /// <summary>Adds and removes authorized sellers; null if the brand is not registered.</summary>
    [Alias("UpdateAuthorizedSellers")]
    Task<BrandView?> UpdateAuthorizedSellers(IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Files a notice or self-service takedown; forbidden for a takedown by an ineligible brand.</summary>
    [Alias("FileNotice")]
    Task<Ack<NoticeResults>> FileNotice(NoticeCommand notice);

    /// <summary>Counts a decided notice (accepted or not) once per decision key.</summary>
    [Alias("RecordNoticeDecision")]
    Task RecordNoticeDecision(string decisionKey, bool accepted);

    /// <summary>Mints unguessable per-unit codes; null if the brand is not registered.</summary>
    [Alias("MintCodes")]
    Task<IReadOnlyList<string>?> MintCodes(int count);

    /// <summary>Whether a code's serial and MAC were minted by this brand.</summary>
    [Alias("VerifyCode"), ReadOnly]
    Task<bool> VerifyCode(long serial, string mac);

    /// <summary>The brand view, or null if the brand is not registered.</summary>
    [Alias("Get"), ReadOnly]
    Task<BrandView?> Get();
}
