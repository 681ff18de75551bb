using System.Text.Json;
using System.Text.Json.Nodes;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>The events' subjects and data, in the contract's JSON (api.md, "Events and webhooks").</summary>
internal static class EventData
{
    public static string SellerSubject(string sellerId) => "seller:" + sellerId;

    public static string ListingSubject(string listingId) => "listing:" + listingId;

    public static string CaseSubject(string caseId) => "case:" + caseId;

    public static string SellerDecision(string sellerId, Decision decision, Decision? previous, int score, IReadOnlyList<string> reasons, string policyVersion) =>
        JsonSerializer.Serialize(new SellerDecisionData(sellerId, decision, previous, score, reasons, policyVersion), ContractJson.Options);

    public static string ListingStatus(string listingId, string sellerId, string? brandId, ListingStatus status, ListingStatus? previous, Removal? removal) =>
        JsonSerializer.Serialize(new ListingStatusData(listingId, sellerId, brandId, status, previous, removal), ContractJson.Options);

    /// <summary>The case view, and for a resolution its outcome beside it.</summary>
    public static string Case(CaseView view)
    {
        var node = JsonSerializer.SerializeToNode(view, ContractJson.Options)!.AsObject();
        if (view.Resolution is { } resolution)
        {
            node["outcome"] = Names.Of(resolution.Outcome);
        }

        return node.ToJsonString(ContractJson.Options);
    }

    private sealed record SellerDecisionData(string SellerId, Decision Decision, Decision? PreviousDecision, int Score, IReadOnlyList<string> Reasons, string PolicyVersion);

    private sealed record ListingStatusData(string ListingId, string SellerId, string? BrandId, ListingStatus Status, ListingStatus? PreviousStatus, Removal? Removal);
}
