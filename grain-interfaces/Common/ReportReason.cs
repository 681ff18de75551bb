namespace IpGuard.GrainInterfaces;

/// <summary>Why a listing or seller was reported.</summary>
public enum ReportReason { Counterfeit, Trademark, Copyright, Design, Other }
