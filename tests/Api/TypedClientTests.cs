using IpGuard.Client;
using IpGuard.Client.Models;
using IpGuard.Tests.Infrastructure;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace IpGuard.Tests.Api;

/// <summary>
/// The api through the typed client that Kiota generates from the committed OpenAPI document
/// (client/, scripts/openapi.sh): a client built only from the document ingests, reads risk and
/// gets the contract's problems as typed exceptions. Calls go through the validating proxy too.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class TypedClientTests(ContractApiFixture api)
{
    [Fact(DisplayName = "Typed client: a restricted brand, a replica listed far below its price is removed proactively; listing and seller risk read back typed")]
    public async Task IngestAndReadRisk()
    {
        using var adminHttp = api.Client("dev-admin");
        using var ingestHttp = api.Client("dev-ingest");
        using var moderatorHttp = api.Client("dev-moderator");
        var admin = ClientFor(adminHttp);
        var ingest = ClientFor(ingestHttp);
        var moderator = ClientFor(moderatorHttp);
        var brandId = Ids.New("brand");
        var sellerId = Ids.New("seller");
        var listingId = Ids.New("listing");

        var brand = await admin.V1.Brands[brandId].PutAsync(new BrandRequest
        {
            Name = "Lumora",
            Trademarks = ["Lumora"],
            ProtectedTerms = ["Lumora Luxe"],
            AuthorizedSellers = ["s-official"],
            ReferencePrice = new BrandRequest_referencePrice { Amount = 500, Currency = "USD" },
            Restricted = true,
        });
        Assert.Equal(brandId, brand!.BrandId);

        var listed = await ingest.V1.Listings.PostAsync(new ListingRequest
        {
            EventId = Ids.New("ev"),
            ListingId = listingId,
            SellerId = sellerId,
            BrandId = brandId,
            Title = "Lumora bag replica 1:1",
            Price = new ListingRequest_price { Amount = 200, Currency = "USD" },
        });
        Assert.Equal(ListingStatus.Removed, listed!.Status);
        Assert.False(listed.Duplicate);
        Assert.Equal(sellerId, listed.Seller!.SellerId);

        var listing = await moderator.V1.Listings[listingId].Risk.GetAsync();
        Assert.Equal(ListingStatus.Removed, listing!.Status);
        Assert.Equal(RemovedBy.Proactive, listing.Removal!.By);
        Assert.Equal(listing.Score, listing.Factors!.Sum(f => f.Points));
        Assert.Contains(listing.Factors!, f => f.Code == "restricted_brand_unauthorized");

        var seller = await moderator.V1.Sellers[sellerId].Risk.GetAsync();
        Assert.Equal(sellerId, seller!.SellerId);
        Assert.Equal(1, seller.Counts!.RemovedListings);
        Assert.NotNull(seller.Decision);
        Assert.Equal(seller.Score, seller.Factors!.Sum(f => f.Points));
    }

    [Fact(DisplayName = "Typed client: problems arrive as ProblemDetails exceptions with the contract's status, type and field errors (400, 404, 403)")]
    public async Task ProblemsAreTyped()
    {
        using var ingestHttp = api.Client("dev-ingest");
        using var checkoutHttp = api.Client("dev-checkout");
        var ingest = ClientFor(ingestHttp);
        var checkout = ClientFor(checkoutHttp);

        var invalid = await Assert.ThrowsAsync<ProblemDetails>(() => ingest.V1.Listings.PostAsync(new ListingRequest
        {
            EventId = Ids.New("ev"),
            ListingId = Ids.New("listing"),
            SellerId = Ids.New("seller"),
            Title = "",
            Price = new ListingRequest_price { Amount = 19.999, Currency = "usd" },
        }));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Equal(400, invalid.Status);
        Assert.EndsWith("/validation", invalid.Type);
        Assert.Equal(["price.amount", "price.currency", "title"], invalid.Errors!.AdditionalData.Keys.Order());

        var unknown = await Assert.ThrowsAsync<ProblemDetails>(() => checkout.V1.Sellers[Ids.New("seller")].Risk.GetAsync());
        Assert.Equal(404, unknown.ResponseStatusCode);
        Assert.EndsWith("/not-found", unknown.Type);
        Assert.False(string.IsNullOrEmpty(unknown.Detail));

        var forbidden = await Assert.ThrowsAsync<ProblemDetails>(() => checkout.V1.Cases.GetAsync(q => q.QueryParameters.Status = IpGuard.Client.V1.Cases.GetStatusQueryParameterType.Open));
        Assert.Equal(403, forbidden.ResponseStatusCode);
        Assert.EndsWith("/forbidden", forbidden.Type);
    }

    [Fact(DisplayName = "Typed client: an unproven brand's notice flags the listing; the typed case list shows its listing_review case")]
    public async Task NoticeOpensCaseReadTyped()
    {
        using var adminHttp = api.Client("dev-admin");
        using var ingestHttp = api.Client("dev-ingest");
        using var moderatorHttp = api.Client("dev-moderator");
        var admin = ClientFor(adminHttp);
        var brandId = Ids.New("brand");
        var listingId = Ids.New("listing");
        await admin.V1.Brands[brandId].PutAsync(new BrandRequest { Name = "Veltra", Trademarks = ["Veltra"], ProtectedTerms = [], AuthorizedSellers = [] });
        await ClientFor(ingestHttp).V1.Listings.PostAsync(new ListingRequest
        {
            EventId = Ids.New("ev"),
            ListingId = listingId,
            SellerId = Ids.New("seller"),
            BrandId = brandId,
            Title = "Plain cotton t-shirt",
            Price = new ListingRequest_price { Amount = 20, Currency = "USD" },
        });

        var notice = await admin.V1.Brands[brandId].Notices.PostAsync(new NoticeRequest { EventId = Ids.New("ev"), ListingIds = [listingId], Reason = "counterfeit" });
        Assert.Equal(NoticeOutcome.Flagged, Assert.Single(notice!.Results!).Outcome);

        var cases = await ClientFor(moderatorHttp).V1.Cases.GetAsync(q =>
        {
            q.QueryParameters.Status = IpGuard.Client.V1.Cases.GetStatusQueryParameterType.Open;
            q.QueryParameters.Limit = 500;
        });
        var opened = Assert.Single(cases!.Items!, c => c.ListingId == listingId);
        Assert.Equal(CaseKind.Listing_review, opened.Kind);
        Assert.Equal(CaseStatus.Open, opened.Status);
    }

    /// <summary>A typed client over one of the fixture's clients (its key and the validating proxy included).</summary>
    private static IpGuardClient ClientFor(HttpClient http) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
}
