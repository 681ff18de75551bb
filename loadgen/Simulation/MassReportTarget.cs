namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// An honest verified seller that a group of malicious reporter accounts mass-reports: the
/// <see cref="Reporters"/> filed <see cref="Reports"/> false reports against it and its
/// listings from day <see cref="Day"/>.
/// </summary>
internal sealed record MassReportTarget(string SellerId, IReadOnlyList<string> Reporters, int Reports, int Day);
