using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// Collects factors and totals them so that the points always add up to a score in 0..100:
/// a sum above 100 gets a <c>score_cap</c> factor, a sum below 0 a <c>score_floor</c> factor.
/// </summary>
internal sealed class FactorSheet
{
    private readonly List<Factor> _factors = new(8);

    public void Add(string code, double points, string detail)
    {
        var rounded = (int)Math.Round(points, MidpointRounding.AwayFromZero);
        if (rounded != 0)
        {
            _factors.Add(new Factor(code, rounded, detail));
        }
    }

    public RiskAssessment Total(BandPolicy bands)
    {
        var sum = 0;
        foreach (var factor in _factors)
        {
            sum += factor.Points;
        }

        if (sum > 100)
        {
            _factors.Add(new Factor("score_cap", 100 - sum, "score capped at 100"));
            sum = 100;
        }
        else if (sum < 0)
        {
            _factors.Add(new Factor("score_floor", -sum, "trust credits beyond the risk found are not carried below 0"));
            sum = 0;
        }

        _factors.Sort(static (a, b) => Math.Abs(b.Points).CompareTo(Math.Abs(a.Points)));
        return new RiskAssessment(sum, Bands.Of(sum, bands), _factors.ToArray());
    }
}
