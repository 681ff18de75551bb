using System.Text.Json.Serialization;

namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// One event of the market's stream. <see cref="SellerIds"/> are the sellers it concerns, for
/// counting the events each seller took until enforcement.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RegisterSeller), "register")]
[JsonDerivedType(typeof(Verify), "verify")]
[JsonDerivedType(typeof(PostListing), "listing")]
[JsonDerivedType(typeof(Report), "report")]
[JsonDerivedType(typeof(Notice), "notice")]
[JsonDerivedType(typeof(Scan), "scan")]
internal abstract record SimEvent(string EventId)
{
    /// <summary>The kind of request, for the latency table.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    [JsonIgnore]
    public abstract IReadOnlyList<string> SellerIds { get; }
}

/// <summary>POST /v1/sellers.</summary>
internal sealed record RegisterSeller(string EventId, SimSeller Seller) : SimEvent(EventId)
{
    public override string Kind => "seller";

    public override IReadOnlyList<string> SellerIds => [Seller.SellerId];
}

/// <summary>POST /v1/verifications.</summary>
internal sealed record Verify(string EventId, string SellerId, string Check, string Outcome) : SimEvent(EventId)
{
    public override string Kind => "verification";

    public override IReadOnlyList<string> SellerIds => [SellerId];
}

/// <summary>POST /v1/listings.</summary>
internal sealed record PostListing(string EventId, SimListing Listing) : SimEvent(EventId)
{
    public override string Kind => "listing";

    public override IReadOnlyList<string> SellerIds => [Listing.SellerId];
}

/// <summary>
/// POST /v1/reports against a listing, or against the seller when <see cref="ListingId"/> is null;
/// <see cref="Truthful"/> is false for a false report (a mistaken buyer's, or a malicious one's).
/// </summary>
internal sealed record Report(string EventId, string ReporterId, string ReporterKind, string? ListingId, string SellerId, string Reason, bool Truthful) : SimEvent(EventId)
{
    public override string Kind => "report";

    public override IReadOnlyList<string> SellerIds => [SellerId];
}

/// <summary>POST /v1/brands/{brandId}/notices.</summary>
internal sealed record Notice(string EventId, string BrandId, IReadOnlyList<string> ListingIds, IReadOnlyList<string> Sellers, string Reason) : SimEvent(EventId)
{
    public override string Kind => "notice";

    public override IReadOnlyList<string> SellerIds => Sellers;
}

/// <summary>
/// POST /v1/transparency/scans. The code is the brand's minted code number <see cref="CodeIndex"/>
/// (authentic, or cloned when a second seller scans it), or else <see cref="FakeCode"/>.
/// </summary>
internal sealed record Scan(string EventId, string BrandId, int? CodeIndex, string? FakeCode, string ListingId, string SellerId) : SimEvent(EventId)
{
    public override string Kind => "scan";

    public override IReadOnlyList<string> SellerIds => [SellerId];
}

/// <summary>A step of the stream: events sent together (concurrently), after every event of the step before answered.</summary>
internal sealed record SimStep(int Day, string Phase, IReadOnlyList<SimEvent> Events);
