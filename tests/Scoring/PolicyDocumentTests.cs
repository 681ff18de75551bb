using System.Text;
using System.Text.Json.Nodes;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;

namespace IpGuard.Tests.Scoring;

/// <summary>Policy documents: the shipped policy round-trips, and every bad field is named.</summary>
public sealed class PolicyDocumentTests
{
    private static JsonObject Shipped(string version)
    {
        var document = JsonNode.Parse(PolicyDocument.Serialize(new RiskPolicy(), "shipped"))!.AsObject();
        document["version"] = version;
        return document;
    }

    private static PolicyParse Parse(JsonObject document, string version) =>
        PolicyDocument.Parse(Encoding.UTF8.GetBytes(document.ToJsonString()), version);

    [Fact(DisplayName = "Policy document: the shipped policy serializes camelCase and parses back to the same document")]
    public void ShippedRoundTrips()
    {
        var text = PolicyDocument.Serialize(new RiskPolicy(), "shipped");
        Assert.StartsWith("{\"version\":\"" + new RiskPolicy().Version + "\",\"note\":\"shipped\",\"decisions\":{\"monitor\":25", text);
        var parsed = PolicyDocument.Parse(Encoding.UTF8.GetBytes(text), new RiskPolicy().Version);
        Assert.Empty(parsed.Errors);
        Assert.Equal("shipped", parsed.Note);
        Assert.Equal(text, PolicyDocument.Serialize(parsed.Policy!, parsed.Note));
        Assert.Equal(new RiskPolicy().Listing.CounterfeitTerms, PolicyDocument.Load(text).Listing.CounterfeitTerms);
    }

    [Fact(DisplayName = "Policy document: negative weights, a positive credit, thresholds and bands out of order and unknown settings are each named")]
    public void EachBadFieldIsNamed()
    {
        var document = Shipped("v-bad");
        document["listing"]!["buyerReport"] = -3;
        document["seller"]!["identityVerifiedCredit"] = 5;
        document["seller"]!["reportHalfLifeDays"] = 0;
        document["decisions"]!["review"] = 20;
        document["decisions"]!["suspend"] = 60;
        document["bands"]!["critical"] = 40;
        document["listing"]!["removalThreshold"] = 30;
        document["listing"]!["buyerReportz"] = 1;
        document["weights"] = 1;

        var parsed = Parse(document, "v-bad");

        Assert.Null(parsed.Policy);
        Assert.Equal(
            ["bands.critical", "decisions.review", "decisions.suspend", "listing.buyerReport", "listing.buyerReportz", "listing.removalThreshold",
             "seller.identityVerifiedCredit", "seller.reportHalfLifeDays", "weights"],
            parsed.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("must be above decisions.monitor (25)", parsed.Errors["decisions.review"]);
        Assert.Contains("must not be negative", parsed.Errors["listing.buyerReport"]);
        Assert.Contains("is not a policy setting", parsed.Errors["weights"]);
    }

    [Fact(DisplayName = "Policy document: policies/2026.12-default.3.json, the previous shipped policy, loads and differs from the shipped one only in its version, note and the settings it turns off (suspect_listings, reported_discounts, deep discounts following a restriction)")]
    public void PreviousShippedPolicyLoads()
    {
        var path = Path.Combine(Infrastructure.OpenApiTools.RepositoryRoot, "policies", "2026.12-default.3.json");
        var parsed = PolicyDocument.Parse(File.ReadAllBytes(path), "2026.12-default.3");
        Assert.Empty(parsed.Errors);
        var previous = parsed.Policy!;
        Assert.Equal(0, previous.Seller.SuspectListings);
        Assert.Equal(0, previous.Seller.ReportedDiscount);
        Assert.Equal(0, previous.Seller.ReportedDiscountCap);
        Assert.False(previous.Listing.RestrictionRemovesDeepDiscounts);

        var shipped = new RiskPolicy();
        previous.Version = shipped.Version;
        previous.Seller.SuspectListings = shipped.Seller.SuspectListings;
        previous.Seller.ReportedDiscount = shipped.Seller.ReportedDiscount;
        previous.Seller.ReportedDiscountCap = shipped.Seller.ReportedDiscountCap;
        previous.Listing.RestrictionRemovesDeepDiscounts = shipped.Listing.RestrictionRemovesDeepDiscounts;
        TakeDefault5Settings(previous.Seller, shipped.Seller);
        Assert.Equal(PolicyDocument.Serialize(shipped, null), PolicyDocument.Serialize(previous, null));
    }

    [Fact(DisplayName = "Policy document: policies/2026.12-default.4.json, the previous shipped policy, loads and differs from the shipped one only in its version, note and the seller settings default.5 changed (evidence_across_listings off, deep_discount_pattern 36 from 6 listings with the share counted once, credits kept whatever the pattern, the pattern 1.5 times on a new or returning account)")]
    public void Default4Loads()
    {
        var path = Path.Combine(Infrastructure.OpenApiTools.RepositoryRoot, "policies", "2026.12-default.4.json");
        var parsed = PolicyDocument.Parse(File.ReadAllBytes(path), "2026.12-default.4");
        Assert.Empty(parsed.Errors);
        var previous = parsed.Policy!;
        Assert.Equal(0, previous.Seller.EvidenceAcrossListings);
        Assert.Equal(36, previous.Seller.DeepDiscountPattern);
        Assert.Equal(6, previous.Seller.DeepDiscountPatternFull);
        Assert.Equal(1, previous.Seller.DeepDiscountShareExponent);
        Assert.Equal(0, previous.Seller.DeepPatternShrinksCreditsFrom);
        Assert.Equal(1.5, previous.Seller.NewAccountPatternMultiplier);

        var shipped = new RiskPolicy();
        previous.Version = shipped.Version;
        TakeDefault5Settings(previous.Seller, shipped.Seller);
        Assert.Equal(PolicyDocument.Serialize(shipped, null), PolicyDocument.Serialize(previous, null));
    }

    /// <summary>The seller settings 2026.12-default.5 changed, copied from the shipped policy.</summary>
    private static void TakeDefault5Settings(SellerPolicy previous, SellerPolicy shipped)
    {
        previous.EvidenceAcrossListings = shipped.EvidenceAcrossListings;
        previous.DeepDiscountPattern = shipped.DeepDiscountPattern;
        previous.DeepDiscountPatternFull = shipped.DeepDiscountPatternFull;
        previous.DeepDiscountShareExponent = shipped.DeepDiscountShareExponent;
        previous.DeepPatternShrinksCreditsFrom = shipped.DeepPatternShrinksCreditsFrom;
        previous.NewAccountPatternMultiplier = shipped.NewAccountPatternMultiplier;
    }

    [Fact(DisplayName = "Policy document: a missing version, one other than the path's, and a wrong type answer errors")]
    public void VersionAndTypes()
    {
        var missing = Shipped("x");
        missing.Remove("version");
        Assert.Equal(["version"], Parse(missing, "v1").Errors.Keys);

        Assert.Equal(["version"], Parse(Shipped("v2"), "v1").Errors.Keys);

        var wrongType = Shipped("v1");
        wrongType["decisions"]!["monitor"] = "high";
        Assert.Equal(["decisions.monitor"], Parse(wrongType, "v1").Errors.Keys);

        Assert.Equal(["body"], PolicyDocument.Parse("[1]"u8, "v1").Errors.Keys);
    }
}
