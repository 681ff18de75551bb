using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using static IpGuard.Tests.Scoring.ScoringData;

namespace IpGuard.Tests.Scoring;

/// <summary>
/// Each silo's observed brand prices (<see cref="ObservedPriceBook"/> over <see cref="TypicalPriceSample"/>):
/// bounded memory, a median close to the market's, and a typical price that a flood of cheap
/// listings does not drag down.
/// </summary>
public sealed class ObservedPriceTests
{
    private const ulong Salt = 0x5eed_cafe_f00d_1234UL;

    private static ObservedPriceBook Book(int maxBrands = 64, int sellersPerBrand = 64) => new(maxBrands, sellersPerBrand, Salt);

    private static decimal TypicalOf(ObservedPriceBook book, string brand = "acme") => book.Typical(brand, "USD")!.Value.Typical.Amount;

    [Fact] // a sample never holds more sellers than its capacity, and the book never more brands than its bound
    public void Memory_is_bounded()
    {
        var book = Book(maxBrands: 8, sellersPerBrand: 16);
        for (var b = 0; b < 100; b++)
        {
            for (var s = 0; s < 200; s++)
            {
                book.Learn($"brand-{b}", $"seller-{s}", Usd(100 + (s % 7)), null, Policy.Listing);
            }

            Assert.True(book.Brands <= 8, $"{book.Brands} brands held");
        }

        var sample = new TypicalPriceSample(16);
        for (var s = 0UL; s < 10_000; s++)
        {
            sample.Offer(s * 0x9E37_79B9_7F4A_7C15UL, s);
        }

        Assert.Equal(16, sample.Sellers);
        Assert.True(book.Typical("brand-99", "USD")!.Value.Samples <= 16);
    }

    [Fact] // the typical price of 2,000 sellers asking 70–130 USD is within 6% of their median (100)
    public void Median_is_within_tolerance()
    {
        var book = Book();
        var random = new Random(7);
        for (var s = 0; s < 2_000; s++)
        {
            book.Learn("acme", $"seller-{s}", Usd(Math.Round(70 + (60 * (decimal)random.NextDouble()), 2)), null, Policy.Listing);
        }

        var typical = book.Typical("acme", "USD")!.Value;
        Assert.Equal(64, typical.Samples);
        Assert.InRange(typical.Typical.Amount, 94m, 106m);
    }

    [Fact] // one account flooding a brand with a thousand cheap listings counts once, and a flood far below an established typical price is not learned
    public void A_flood_of_cheap_listings_does_not_move_the_typical_price()
    {
        var book = Book();
        var random = new Random(11);
        for (var s = 0; s < 40; s++)
        {
            book.Learn("acme", $"honest-{s}", Usd(90 + (20 * (decimal)random.NextDouble())), null, Policy.Listing);
        }

        var before = TypicalOf(book);
        for (var k = 0; k < 1_000; k++)
        {
            book.Learn("acme", "flooder", Usd(30), null, Policy.Listing);
        }

        for (var s = 0; s < 500; s++)
        {
            book.Learn("acme", $"ring-{s}", Usd(25 + (15 * (decimal)random.NextDouble())), null, Policy.Listing);
        }

        Assert.Equal(before, TypicalOf(book));
    }

    [Fact] // counterfeit sellers making up 40% of a brand's sellers from its first listing on leave the typical price among the honest prices (90–110)
    public void Counterfeiters_from_the_start_leave_the_typical_price_among_honest_prices()
    {
        var book = Book();
        var random = new Random(13);
        for (var s = 0; s < 300; s++)
        {
            var price = random.NextDouble() < 0.4 ? 20 + (20 * (decimal)random.NextDouble()) : 90 + (20 * (decimal)random.NextDouble());
            book.Learn("acme", $"seller-{s}", Usd(Math.Round(price, 2)), null, Policy.Listing);
        }

        Assert.InRange(TypicalOf(book), 90m, 110m);
    }

    [Fact] // before a typical price is established, the brand's reference keeps prices a deep discount below it out
    public void The_reference_bounds_what_is_learned_until_the_typical_price_is_established()
    {
        var book = Book();
        for (var s = 0; s < 5; s++)
        {
            book.Learn("acme", $"cheap-{s}", Usd(30), Usd(100), Policy.Listing);
        }

        Assert.Null(book.Typical("acme", "USD"));

        book.Learn("acme", "honest", Usd(98), Usd(100), Policy.Listing);
        Assert.Equal(98m, TypicalOf(book));
    }

    [Fact] // a seller's latest price replaces its earlier one; brands and currencies are kept apart
    public void A_seller_counts_once_and_currencies_are_apart()
    {
        var book = Book();
        book.Learn("acme", "s1", Usd(100), null, Policy.Listing);
        book.Learn("acme", "s1", Usd(120), null, Policy.Listing);
        book.Learn("acme", "s2", new(80, "eur"), null, Policy.Listing);

        Assert.Equal(new ObservedBrandPrice(Usd(120), 1), book.Typical("acme", "USD"));
        Assert.Equal(new ObservedBrandPrice(new(80, "EUR"), 1), book.Typical("acme", "EUR"));
        Assert.Null(book.Typical("globex", "USD"));
        Assert.Null(book.Typical(null, "USD"));
    }

    [Fact] // an accessory that names the brand it fits is not priced as the brand's goods, so it teaches the brand's market nothing
    public void Accessories_are_not_priced_as_the_brand()
    {
        var registry = Registry(Brand("acme", "Acme", trademarks: ["Acme"]));

        Assert.False(EvaluateListing(Listing("Strap for Acme watch", brandId: "acme", price: Usd(10)), registry).PricedAsBrand);
        Assert.True(EvaluateListing(Listing("Acme watch", brandId: "acme", price: Usd(100)), registry).PricedAsBrand);
        Assert.False(EvaluateListing(Listing("Canvas tote", price: Usd(10)), registry).PricedAsBrand);
    }
}
