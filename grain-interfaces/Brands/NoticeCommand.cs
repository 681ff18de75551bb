namespace IpGuard.GrainInterfaces;

/// <summary>A brand's notice of infringement (or self-service takedown) against listings.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.NoticeCommand")]
public sealed record NoticeCommand(string EventId, IReadOnlyList<string> ListingIds, string Reason, string? Details, bool Takedown);

/// <summary>What a notice did to one listing.</summary>
public enum NoticeOutcome { Removed, Flagged, NotFound, OtherBrand }

/// <summary>The outcome of a notice for one listing.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.NoticeItem")]
public sealed record NoticeItem(string ListingId, NoticeOutcome Outcome);

/// <summary>The answer to a notice or takedown.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.NoticeResults")]
public sealed record NoticeResults(string NoticeId, IReadOnlyList<NoticeItem> Results, bool Duplicate = false);

/// <summary>A listing removal that a brand caused, so that a granted appeal counts against the brand.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.BrandRemovalRef")]
public sealed record BrandRemovalRef(string BrandId, string NoticeId);
