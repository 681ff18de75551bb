using System.Runtime.InteropServices;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>What a listing answers, made from its state: no effects, no grain calls.</summary>
internal static class ListingViews
{
    public static ListingRiskView? View(ListingState s, string id) => !s.Exists
        ? null
        : new ListingRiskView(id, s.SellerId!, s.BrandId, s.Status, s.Removal, s.Score, s.Band, s.Factors,
            s.Title, s.Price!, s.ReportCount, s.PolicyVersion, s.UpdatedAt);

    public static ListingDossier? Dossier(ListingState s, string id) => View(s, id) is not { } view
        ? null
        : new ListingDossier(
            view,
            s.Reports is null ? [] : [.. s.Reports.Select(r => new ReportView(r.Key, r.Value.Kind, r.Value.Reason, r.Value.At, id, r.Value.Weight, r.Value.Details))],
            s.Notices is null ? [] : [.. s.Notices.Select(n => new NoticeView(n.Key, n.Value.NoticeId, n.Value.Reason, n.Value.Takedown, n.Value.At))],
            s.ScanFailures is null ? [] : [.. s.ScanFailures.Values]);

    /// <summary>The answer for the state now; the last one kept when it is the same (as it is for most repeated updates).</summary>
    public static ListingOutcome Outcome(ListingState s) =>
        s.Events.LastAnswer is ListingOutcome last && last.Status == s.Status && last.Score == s.Score && last.Band == s.Band
            && last.Factors.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(s.Factors))
            ? last
            : new(s.Status, s.Score, s.Band, [.. s.Factors]);

    public static ListingResult Result(string id, ListingOutcome outcome, SellerSummary seller) =>
        new(id, outcome.Status, outcome.Score, outcome.Band, outcome.Factors, seller);

    public static ReportResult ReportAnswer(ListingState s, string id, string eventId, SellerSummary seller) =>
        new($"rpt:{eventId}", s.OpenCaseId, new ListingSummary(id, s.Status, s.Score, s.Band), seller);

    /// <summary>The seller's summary when its grain has none to give (it has not heard of the listing yet).</summary>
    public static SellerSummary EmptySeller(ListingState s) => new(s.SellerId ?? "", 0, Band.Low, Decision.Allow);
}
