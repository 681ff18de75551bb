using IpGuard.Grains.Scoring;

namespace IpGuard.Api.PolicyLab;

/// <summary>
/// A policy version's document as GET /v1/policies/{version} answers it and PUT takes it: the
/// risk policy's settings (weights, thresholds, half-lives, vocabulary) with its version and a note.
/// Unknown properties are refused. This type documents the shape; the api reads and writes the
/// JSON through <see cref="IpGuard.Grains.PolicyDocument"/>.
/// </summary>
public sealed record PolicyDocumentView(
    string Version,
    string? Note,
    DecisionPolicy Decisions,
    BandPolicy Bands,
    ListingPolicy Listing,
    SellerPolicy Seller,
    EnforcementPolicy Enforcement);

/// <summary>A page of the audit log, oldest first; next is the cursor to pass as after.</summary>
public sealed record AuditList(IReadOnlyList<IpGuard.GrainInterfaces.AuditEntry> Items, string? Next);
