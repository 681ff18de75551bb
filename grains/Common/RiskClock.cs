namespace IpGuard.Grains;

/// <summary>
/// The clock the grains score by. A type of its own so that tests can move IpGuard's time
/// without handing a fake TimeProvider to the Orleans runtime itself.
/// </summary>
public sealed class RiskClock(TimeProvider time)
{
    public static RiskClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time => time;

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
