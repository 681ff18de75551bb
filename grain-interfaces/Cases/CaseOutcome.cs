namespace IpGuard.GrainInterfaces;

/// <summary>
/// How a moderator resolved a case. For an appeal, <c>Confirmed</c> upholds the enforcement
/// and <c>Dismissed</c> dismisses it: the appeal is granted and the seller reinstated.
/// </summary>
public enum CaseOutcome { Confirmed, Dismissed }
