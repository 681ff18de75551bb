namespace IpGuard.GrainInterfaces;

/// <summary>
/// The decision that labelled an outcome: a resolved listing or seller review (a listing review
/// also decides the brand notices against the listing), a decided appeal, or a failed Transparency
/// scan of the listing (unknown, cloned or wrong brand; an authentic one proves the code, not the goods).
/// </summary>
public enum OutcomeSource { ListingReview, SellerReview, Appeal, Scan }
