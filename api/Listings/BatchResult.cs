namespace IpGuard.Api.Listings;

/// <summary>
/// The answer to a batch: <c>accepted</c> counts the events acknowledged (durable), of which
/// <c>duplicates</c> were repeats of an already applied eventId; the rest are in <c>rejected</c>.
/// </summary>
public sealed record BatchResult(int Accepted, int Duplicates, IReadOnlyList<BatchRejection> Rejected);

/// <summary>One event of a batch that was not acknowledged, and why.</summary>
public sealed record BatchRejection(int Index, string? EventId, int Status, string Title, IDictionary<string, string[]>? Errors);
