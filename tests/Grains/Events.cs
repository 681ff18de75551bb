using IpGuard.GrainInterfaces;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Grains;

/// <summary>Builders for the events grain tests send.</summary>
internal static class Events
{
    public static ListingUpsert Listing(string sellerId, string title, decimal price = 100m, string? brandId = null, string? eventId = null, bool withdrawn = false) =>
        new(eventId ?? Ids.New("ev"), sellerId, brandId, title, null, new Money(price, "USD"), 1, null, withdrawn, null);

    public static BrandRegistryEntry Brand(string brandId, string name, decimal? referencePrice = 200m, bool restricted = false, params string[] authorized) =>
        new(brandId, name, [name], [$"{name} Classic"], authorized, referencePrice is { } p ? new Money(p, "USD") : null, restricted, false);

    public static VerificationResult Passed(VerificationCheck check) => new(Ids.New("ev"), check, VerificationOutcome.Passed, null);

    public static ReportCommand Report(string reporterId, string? listingId = null, string? sellerId = null, string? eventId = null) =>
        new(eventId ?? Ids.New("ev"), reporterId, ReporterKind.Buyer, listingId, sellerId, ReportReason.Counterfeit, null, null);
}
