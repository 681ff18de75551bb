using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.Api;

/// <summary>Request bodies as the contract spells them.</summary>
internal static class Bodies
{
    public static object Listing(string listingId, string sellerId, string title = "Plain cotton t-shirt", decimal amount = 20m, string? brandId = null, string? eventId = null, bool withdrawn = false) => new
    {
        eventId = eventId ?? Ids.New("ev"),
        listingId,
        sellerId,
        brandId,
        title,
        price = new { amount, currency = "USD" },
        quantity = 3,
        withdrawn,
    };

    public static object Brand(string name, decimal referencePrice = 400m, bool restricted = true, params string[] authorized) => new
    {
        name,
        trademarks = new[] { name },
        protectedTerms = new[] { $"{name} Signature" },
        authorizedSellers = authorized,
        referencePrice = new { amount = referencePrice, currency = "USD" },
        restricted,
    };

    public static object Seller(string sellerId, string? eventId = null, string country = "NL") => new
    {
        eventId = eventId ?? Ids.New("ev"),
        sellerId,
        country,
        fingerprints = new { deviceId = "dev-1" },
    };

    public static object Report(string reporterId, string? listingId = null, string? sellerId = null, string? eventId = null) => new
    {
        eventId = eventId ?? Ids.New("ev"),
        reporterId,
        reporterKind = "buyer",
        listingId,
        sellerId,
        reason = "counterfeit",
        details = "arrived with misspelled logo",
    };

    public static object Verification(string sellerId, string check = "identity", string outcome = "passed", string? eventId = null) => new
    {
        eventId = eventId ?? Ids.New("ev"),
        sellerId,
        check,
        outcome,
    };
}
