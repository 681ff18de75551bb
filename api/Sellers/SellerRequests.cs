using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Sellers;

/// <summary>POST /v1/sellers: register or update a seller.</summary>
[RequestSchema]
public sealed record SellerRequest(string? EventId, string? SellerId, DateTimeOffset? RegisteredAt = null, string? Country = null, FingerprintsDto? Fingerprints = null)
{
    internal SellerRegistration? Validate(Validation v)
    {
        v.Id("eventId", EventId);
        v.Id("sellerId", SellerId);
        if (Country is not null && (Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper)))
        {
            v.Add("country", "must be an ISO 3166-1 alpha-2 code such as DE");
        }

        var fingerprints = v.Fingerprints("fingerprints", Fingerprints);
        return v.IsValid ? new SellerRegistration(EventId!, RegisteredAt, Country, fingerprints) : null;
    }
}

/// <summary>POST /v1/verifications: a verification check finished.</summary>
[RequestSchema]
public sealed record VerificationRequest(string? EventId, string? SellerId, string? Check, string? Outcome, FingerprintsDto? Fingerprints = null)
{
    internal VerificationResult? Validate(Validation v)
    {
        v.Id("eventId", EventId);
        v.Id("sellerId", SellerId);
        var check = v.Enum<VerificationCheck>("check", Check);
        var outcome = v.Enum<VerificationOutcome>("outcome", Outcome);
        var fingerprints = v.Fingerprints("fingerprints", Fingerprints);
        return v.IsValid ? new VerificationResult(EventId!, check!.Value, outcome!.Value, fingerprints) : null;
    }
}
