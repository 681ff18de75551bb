using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Reports;

/// <summary>POST /v1/reports: a buyer or system report against a listing or a seller.</summary>
[RequestSchema]
public sealed record ReportRequest(
    string? EventId,
    string? ReporterId,
    string? ReporterKind,
    string? Reason,
    string? ListingId = null,
    string? SellerId = null,
    string? Details = null)
{
    public const int MaxDetails = 4000;

    internal ReportCommand? Validate(Validation v)
    {
        v.Id("eventId", EventId);
        v.Id("reporterId", ReporterId);
        var kind = v.Enum<GrainInterfaces.ReporterKind>("reporterKind", ReporterKind);
        v.Id("listingId", ListingId, required: false);
        v.Id("sellerId", SellerId, required: false);
        if (ListingId is null && SellerId is null)
        {
            v.Add("listingId", "one of listingId or sellerId is required");
        }

        var reason = v.Enum<ReportReason>("reason", Reason);
        v.Text("details", Details, 0, MaxDetails, required: false);
        return v.IsValid ? new ReportCommand(EventId!, ReporterId!, kind!.Value, ListingId, SellerId, reason!.Value, Details, null) : null;
    }
}
