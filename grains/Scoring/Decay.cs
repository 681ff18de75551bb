namespace IpGuard.Grains.Scoring;

/// <summary>Exponential decay by half-life; never above 1, never rising with age.</summary>
public static class Decay
{
    public static double Factor(DateTimeOffset at, DateTimeOffset now, double halfLifeDays)
    {
        var ageDays = (now - at).TotalDays;
        if (ageDays <= 0 || halfLifeDays <= 0 || double.IsInfinity(halfLifeDays))
        {
            return 1;
        }

        return Math.Pow(0.5, ageDays / halfLifeDays);
    }
}
