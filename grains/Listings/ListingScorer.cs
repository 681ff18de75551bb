using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;

namespace IpGuard.Grains;

/// <summary>A listing's rescore as its outbox needs it: the status before, the listing's own status, and a review it calls for.</summary>
internal readonly record struct ListingRescore(ListingStatus Previous, ListingStatus Own, string? ReviewReason);

/// <summary>
/// Scores a listing's state in place: gathers its facts, runs the pure model and status rules
/// (<see cref="ListingStatusRules"/>) under the active version and, while one runs, the shadow
/// version, and teaches the brand's observed price. It calls no grain and holds no listing's state: one per silo.
/// </summary>
internal sealed class ListingScorer(RegistryCache registry, PolicyProvider policies, ShadowTally shadowTally, ObservedPriceBook prices)
{
    public async ValueTask<ListingRescore> ScoreAsync(ListingState s, string id, ActivePolicy active, DateTimeOffset now)
    {
        var index = await registry.GetAsync();
        List<ReportFact> reports = [];
        if (s.Reports is not null)
        {
            reports.Capacity = s.Reports.Count;
            foreach (var entry in s.Reports.Values)
            {
                reports.Add(new ReportFact(entry.Kind, entry.Weight, entry.At));
            }
        }

        var brand = index.Brand(s.BrandId);
        var facts = new ListingFacts(s.SellerId!, s.BrandId, s.Title, s.DescriptionTerms, s.Price!, s.ChangedAt, reports,
            s.NoticeCount, s.ScanFailureCount, ListingImages.EvidenceOf(s.Images, brand?.Restricted == true), prices.Typical(s.BrandId, s.Price!.Currency));
        var evaluation = ListingModel.Evaluate(facts, index, active.Policy, active.CounterfeitTerms, now);
        var assessment = evaluation.Assessment;
        s.Signals = (int)evaluation.Signals;
        var previous = s.Status;

        s.Score = assessment.Score;
        s.Band = assessment.Band;
        if (!s.Factors.SequenceEqual(assessment.Factors))
        {
            // Unchanged factors keep the list (and the answers kept for repeats keep sharing it).
            s.Factors = [.. assessment.Factors];
        }

        s.PolicyVersion = active.Policy.Version;
        s.UpdatedAt = now;

        var status = ListingStatusRules.Next(Standing(s), assessment, evaluation.Signals, active.Policy, now);
        s.Status = status.Status;
        s.Removal = status.Removal;
        s.RemovedBySeller = status.RemovedBySeller;

        if (policies.Shadow is { } shadow)
        {
            ScoreShadow(s, id, facts, index, active, assessment, shadow, now);
        }

        // Only a listing the model does not doubt teaches the brand's market price (see ObservedPriceBook).
        if (evaluation.PricedAsBrand && s.Status == ListingStatus.Active && assessment.Score < active.Policy.Listing.FlagThreshold)
        {
            prices.Learn(s.BrandId!, s.SellerId!, s.Price!, brand?.ReferencePrice, active.Policy.Listing);
        }

        return new ListingRescore(previous, status.Own, status.ReviewReason);
    }

    /// <summary>What the status rules read from the state (walked without allocating).</summary>
    private static ListingStanding Standing(ListingState s)
    {
        var awaiting = false;
        if (s.Notices is not null)
        {
            foreach (var notice in s.Notices.Values)
            {
                awaiting |= !notice.Decided;
            }
        }

        var (weight, reporters) = (0.0, 0);
        if (s.Reports is not null)
        {
            foreach (var report in s.Reports.Values)
            {
                if (report.Reason == ReportReason.Counterfeit)
                {
                    weight += report.Weight;
                    reporters++;
                }
            }
        }

        return new ListingStanding(s.Status, s.Removal, s.RemovedBySeller, s.Withdrawn, s.ModeratorCleared, awaiting,
            new CounterfeitTally(reporters, weight), s.SellerId!, s.SellerLevel);
    }

    /// <summary>
    /// Scores the listing under the shadow version as well: kept in the state for moderators'
    /// views and counted in the version's report, it changes no status, answer, case or feed.
    /// </summary>
    // REVIEW: the description's terms were found with the active version's vocabulary (the
    // description itself is not kept), so a shadow that changes the vocabulary sees it in titles only.
    private void ScoreShadow(ListingState s, string id, ListingFacts facts, RegistryIndex index, ActivePolicy active, RiskAssessment assessment, ActivePolicy shadow, DateTimeOffset now)
    {
        var evaluation = ListingModel.Evaluate(facts, index, shadow.Policy, shadow.CounterfeitTerms, now);
        var computed = ListingModel.StatusFor(evaluation.Assessment, s.Withdrawn, shadow.Policy.Listing);
        var activeComputed = ListingModel.StatusFor(assessment, s.Withdrawn, active.Policy.Listing);
        var same = s.Shadow?.PolicyVersion == shadow.Policy.Version;
        var status = ListingStatusRules.Shadow(s.Status, s.Removal, s.RemovedBySeller, s.ModeratorCleared,
            computed, activeComputed, same && s.Shadow!.Status == ListingStatus.Removed, evaluation.Signals);
        var pair = ShadowPairs.Of(s.Status, status);
        if (!same || pair != s.ShadowPair)
        {
            shadowTally.Record(shadow.Policy.Version, seller: false, same ? s.ShadowPair : null, pair,
                new ShadowExample("listing", id, Names.Of(s.Status), Names.Of(status), s.Score, evaluation.Assessment.Score, now));
        }

        s.Shadow = new ListingShadowView(shadow.Policy.Version, evaluation.Assessment.Score, status);
        s.ShadowPair = pair;
    }
}
