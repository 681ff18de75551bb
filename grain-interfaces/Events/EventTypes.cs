namespace IpGuard.GrainInterfaces;

/// <summary>The event log's event types, as the contract names them.</summary>
public static class EventTypes
{
    public const string SellerDecisionChanged = "seller.decision_changed";
    public const string ListingStatusChanged = "listing.status_changed";
    public const string CaseOpened = "case.opened";
    public const string CaseResolved = "case.resolved";

    public static IReadOnlyList<string> All { get; } = [SellerDecisionChanged, ListingStatusChanged, CaseOpened, CaseResolved];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}
