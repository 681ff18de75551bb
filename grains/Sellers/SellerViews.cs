using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>
/// What a seller answers and what the seller model reads, made from its state and book: no
/// effects, no grain calls.
/// </summary>
internal static class SellerViews
{
    public static SellerSummary Summary(SellerState s, string id, DateTimeOffset now) => new(id, s.Score, s.Band, SellerTimeline.Effective(s, now));

    public static SellerRiskView View(SellerState s, string id, SellerBook book, DateTimeOffset now)
    {
        var v = s.Verifications;
        var verification = new VerificationView(
            v.TryGetValue(VerificationCheck.Identity, out var identity) && identity.Outcome == VerificationOutcome.Passed,
            identity,
            v.GetValueOrDefault(VerificationCheck.Business),
            v.GetValueOrDefault(VerificationCheck.Bank),
            v.GetValueOrDefault(VerificationCheck.Address),
            v.GetValueOrDefault(VerificationCheck.Video));
        var counts = new SellerCounts(book.Listings.Count, s.ActiveListings, s.RemovedListings, book.Reporters.Count, s.ConfirmedInfringements.Count);
        var active = s.Override is { } o && o.ExpiresAt > now ? o : null;
        var effective = SellerTimeline.Effective(s, now);
        var since = active is not null ? active.SetAt : s.DecisionSince;
        return new SellerRiskView(id, s.Score, s.Band, effective, since, s.Factors,
            verification, counts, s.PolicyVersion, s.UpdatedAt, s.RegisteredAt, s.Country, false, active, s.Decision);
    }

    /// <summary>The seller as the seller model's facts.</summary>
    public static SellerFacts Facts(SellerState s, SellerBook book)
    {
        var noticed = 0;
        foreach (var entry in book.Listings.Current.Values)
        {
            if (entry.BrandNotices > 0)
            {
                noticed++;
            }
        }

        // A view, not a copy: a big seller's rescore allocates nothing per listing.
        var listings = new ListingFactsView(book.Listings.Current.Values);

        var reports = new List<ReportFact>(book.Reporters.Count);
        foreach (var entry in book.Reporters.Current.Values)
        {
            reports.Add(new ReportFact(entry.Kind, entry.Weight, entry.At));
        }

        return new SellerFacts(s.RegisteredAt, s.FirstSeenAt, s.Verifications, listings, reports,
            s.ConfirmedInfringements.Select(c => c.At).ToList(), noticed, s.EnforcedLinks.Count > 0, s.ScanFailures.Count,
            Links.Facts(s.EnforcedLinks, s.LinkKeys, s.KeySharers), s.DormantSince, s.ReturnedAt);
    }

    public static SellerDossierFacts Dossier(SellerState s, string id, SellerBook book, DateTimeOffset now) => new(
        View(s, id, book, now),
        s.Fingerprints,
        [.. s.VerificationHistory.Select(v => new VerificationEvent(v.Check, v.Outcome, v.At, v.EventId))],
        [.. book.Listings.Current.Keys],
        [.. book.Reporters.Current.Select(r => new ReportView(r.Key, r.Value.Kind, r.Value.Reason, r.Value.At, r.Value.ListingId, r.Value.Weight, r.Value.Details))],
        [.. s.ConfirmedInfringements.Select(c => new ConfirmedInfringementView(c.At, c.ListingId, c.Source))],
        [.. s.Timeline],
        [.. s.ScanFailures.Select(f => s.ScanDetails.GetValueOrDefault(f.Key) ?? new ScanView(f.Key, f.Value, "", s.UpdatedAt))]);

    /// <summary>The reasons a decision change names: the factors that add points, an active override first.</summary>
    public static List<string> DecisionReasons(SellerState s, DateTimeOffset now)
    {
        List<string> reasons = [.. s.Factors.Where(f => f.Points > 0).Select(f => f.Code)];
        if (s.Override is { } o && o.ExpiresAt > now)
        {
            reasons.Insert(0, "override");
        }

        return reasons;
    }
}
