namespace IpGuard.GrainInterfaces;

/// <summary>Where a review case stands.</summary>
public enum CaseStatus { Open, Claimed, Resolved }
