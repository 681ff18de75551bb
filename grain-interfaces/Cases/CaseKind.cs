namespace IpGuard.GrainInterfaces;

/// <summary>What a review case is about.</summary>
public enum CaseKind { SellerReview, ListingReview, Appeal }
