namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// An honest verified seller that a group of malicious reporter accounts mass-reports:
/// <see cref="Reporters"/> distinct accounts filed <see cref="Reports"/> false reports against
/// it and its listings from day <see cref="Day"/>.
/// </summary>
internal sealed record MassReportTarget(string SellerId, int Reporters, int Reports, int Day);
