namespace IpGuard.GrainInterfaces;

/// <summary>Where a listing stands.</summary>
public enum ListingStatus { Active, Flagged, Removed, Withdrawn }
