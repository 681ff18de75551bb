using IpGuard.Grains;
using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace IpGuard.Fit;

/// <summary>
/// Learns the policy's factor weights from labelled outcomes: one L-BFGS logistic regression for
/// listings and one for sellers, over the factors' feature values (PolicyFeatures), with
/// non-negative coefficients (a risk factor never lowers the score, a credit never raises it).
/// The log-odds become points with one scale per kind, chosen so that the anchoring threshold
/// (a listing's removal, a seller's restrict) stands for <see cref="FitOptions.AnchorProbability"/>
/// and a score of 0 for a subject with no evidence; the intercept has no factor, so the score stays
/// the sum of the factors' points. Each weight is then shrunk toward the base policy's by its
/// support and clamped, and the factor's related parameters scale with it.
/// </summary>
internal static class PolicyFit
{
    public static (RiskPolicy Policy, IReadOnlyList<FitReport> Reports) Fit(
        IReadOnlyList<FitExample> examples, RiskPolicy basePolicy, string version, FitOptions options)
    {
        // A copy through the document: the base policy is never changed.
        var policy = PolicyDocument.Read(PolicyDocument.Write(basePolicy, null));
        policy.Version = version;
        var reports = new List<FitReport>(2);
        foreach (var subject in new[] { OutcomeSubject.Listing, OutcomeSubject.Seller })
        {
            var anchor = subject == OutcomeSubject.Listing ? basePolicy.Listing.RemovalThreshold : basePolicy.Decisions.Restrict;
            var report = FitKind(subject, [.. examples.Where(e => e.Subject == subject)], basePolicy, anchor, options);
            foreach (var weight in report.Weights)
            {
                var feature = PolicyFeatures.Find(PolicyFeatures.Of(subject), weight.Name)!;
                feature.Scale(policy, weight.Final / weight.Base);
            }

            reports.Add(report);
        }

        return (policy, reports);
    }

    private static FitReport FitKind(OutcomeSubject subject, List<FitExample> examples, RiskPolicy basePolicy, int anchorScore, FitOptions options)
    {
        // Factors the base policy weighs 0 have no feature values to learn from; they keep 0.
        var features = PolicyFeatures.Of(subject).Where(f => Math.Abs(f.BaseWeight(basePolicy)) > 1e-9).ToList();
        var infringing = examples.Count(e => e.Infringing);
        var support = features.Select(f => examples.Count(e => e.Features.GetValueOrDefault(f.Name) != 0)).ToList();
        FitReport Unchanged(string why) => new(subject, examples.Count, infringing, 0, 0,
            [.. features.Select((f, i) => new FeatureWeight(f.Name, support[i], 0, f.BaseWeight(basePolicy), f.BaseWeight(basePolicy), f.BaseWeight(basePolicy)))],
            why);

        if (examples.Count < options.MinOutcomes)
        {
            return Unchanged($"{examples.Count} outcome(s), fewer than {options.MinOutcomes}");
        }

        if (infringing == 0 || infringing == examples.Count)
        {
            return Unchanged("every outcome has the same label");
        }

        // Credits enter negated, so that one non-negativity constraint keeps every weight's sign.
        // ML.NET's constraint holds the bias at 0 or more too; two constant columns (+1, -1) after
        // the features give back a free intercept.
        var rows = examples.Select(e => new FitRow
        {
            Label = e.Infringing,
            Features = [.. features.Select(f => (float)((f.Credit ? -1 : 1) * e.Features.GetValueOrDefault(f.Name))), 1f, -1f],
        }).ToList();

        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(FitRow));
        schema[nameof(FitRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features.Count + 2);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(FitRow.Label),
            FeatureColumnName = nameof(FitRow.Features),
            EnforceNonNegativity = true,
            L2Regularization = options.L2,
            L1Regularization = 0,
            OptimizationTolerance = 1e-7f,
            MaximumNumberOfIterations = 1000,
        });
        var model = trainer.Fit(data).Model.SubModel;
        var coefficients = model.Weights;
        double bias = model.Bias + coefficients[features.Count] - coefficients[features.Count + 1];

        var anchorLogit = Math.Log(options.AnchorProbability / (1 - options.AnchorProbability));
        var pointsPerLogit = anchorScore / Math.Max(anchorLogit - bias, options.MinLogitGap);

        var weights = new List<FeatureWeight>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            var baseWeight = feature.BaseWeight(basePolicy);
            var fitted = (feature.Credit ? -1 : 1) * pointsPerLogit * coefficients[i];
            var shrunk = ((support[i] * fitted) + (options.PriorOutcomes * baseWeight)) / (support[i] + options.PriorOutcomes);
            // Three decimals of the ratio: the related parameters scale by it and stay readable.
            var ratio = Math.Round(Math.Clamp(shrunk / baseWeight, 0, options.MaxRatio), 3);
            if (feature.Name == ListingModel.RestrictedBrandUnauthorized && baseWeight >= 1)
            {
                // The factor is also the restricted-brand gate, which holds while it has points: keep one.
                ratio = Math.Max(ratio, Math.Ceiling(1000 / baseWeight) / 1000);
            }

            weights.Add(new FeatureWeight(feature.Name, support[i], coefficients[i], baseWeight, fitted, baseWeight * ratio));
        }

        return new FitReport(subject, examples.Count, infringing, bias, pointsPerLogit, weights, null);
    }
}

/// <summary>One training row for ML.NET (public: ML.NET builds its getters by reflection).</summary>
public sealed class FitRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}
