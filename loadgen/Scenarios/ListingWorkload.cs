using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IpGuard.GrainInterfaces;
using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// The listing stream of the ingest, checkout and direct scenarios: a pool of listings, each
/// owned by one seller (a listing's seller never changes) and claiming one of the run's brands;
/// event n changes a listing picked by a seeded hash of n, so any run is reproducible and any
/// sender can make any event without shared state. About 1 in 20 titles reads like a fake.
/// </summary>
internal sealed class ListingWorkload(LoadConfig config)
{
    private static readonly string[] Products = ["bag", "wallet", "watch", "sneakers", "jacket", "sunglasses", "belt", "perfume", "headphones", "scarf"];
    private static readonly string[] Adjectives = ["classic", "new", "leather", "limited", "black", "vintage", "sport", "premium", "large", "mini"];
    private static readonly string[] FakeTerms = ["replica", "1:1", "AAA", "mirror quality", "inspired by", "dupe"];

    private readonly string _run = config.RunId;
    private readonly int _sellers = Math.Max(1, config.Sellers);
    private readonly int _listings = Math.Max(1, config.Listings);
    private readonly int _brands = Math.Max(1, config.Brands);
    private readonly int _seed = config.Seed;
    private readonly bool _sequential = config.Sequential;

    public int SellerCount => _sellers;

    public int ListingCount => _listings;

    public int BrandCount => _brands;

    public string SellerId(int seller) => $"{_run}-s{seller}";

    public string ListingId(int listing) => $"{_run}-l{listing}";

    public int SellerOf(int listing) => listing % _sellers;

    public string BrandId(int brand) => $"{_run}-b{brand}";

    public int BrandOf(int listing) => (int)(SplitMix.Hash(_seed, listing, 7) % (ulong)_brands);

    /// <summary>A one-word brand name unique to this run, so another run's brands never match its titles.</summary>
    public string BrandName(int brand) => $"Brand{brand}{_run}";

    public decimal ReferencePrice(int brand) => 20 + (int)(SplitMix.Hash(_seed, brand, 11) % 480);

    /// <summary>One brand in five is restricted to authorized sellers (none are authorized here).</summary>
    public bool Restricted(int brand) => brand % 5 == 0;

    /// <summary>The PUT /v1/brands body of a brand.</summary>
    public object BrandBody(int brand) => new
    {
        name = BrandName(brand),
        trademarks = new[] { BrandName(brand) },
        protectedTerms = new[] { $"{BrandName(brand)} Pro" },
        authorizedSellers = Array.Empty<string>(),
        referencePrice = new { amount = ReferencePrice(brand), currency = "USD" },
        restricted = Restricted(brand),
    };

    public BrandRegistryEntry BrandEntry(int brand) => new(
        BrandId(brand), BrandName(brand), [BrandName(brand)], [$"{BrandName(brand)} Pro"], [], new Money(ReferencePrice(brand), "USD"), Restricted(brand), false);

    /// <summary>Event <paramref name="sequence"/> of the stream named <paramref name="stream"/> (streams never share eventIds).</summary>
    public ListingEvent Event(string stream, long sequence)
    {
        var listing = _sequential ? (int)(sequence % _listings) : (int)(SplitMix.Hash(_seed, sequence, 1) % (ulong)_listings);
        return ForListing(stream, sequence, listing);
    }

    /// <summary>An event for a given listing (used to make sure every seller exists before checkout).</summary>
    public ListingEvent ForListing(string stream, long sequence, int listing)
    {
        var brand = BrandOf(listing);
        var product = Products[SplitMix.Below(_seed, listing, 2, Products.Length)];
        var adjective = Adjectives[SplitMix.Below(_seed, sequence, 3, Adjectives.Length)];
        var fake = SplitMix.Unit(_seed, listing, 4) < 0.05;
        var title = fake
            ? $"{BrandName(brand)} {product} {FakeTerms[SplitMix.Below(_seed, listing, 5, FakeTerms.Length)]}"
            : $"{BrandName(brand)} {adjective} {product}";
        var discount = fake ? 0.5 + (0.35 * SplitMix.Unit(_seed, sequence, 6)) : 0.3 * SplitMix.Unit(_seed, sequence, 6);
        var price = decimal.Round(ReferencePrice(brand) * (decimal)(1 - discount), 2);
        return new ListingEvent($"{_run}-{stream}{sequence}", ListingId(listing), SellerId(SellerOf(listing)), BrandId(brand), title, price, 1 + (int)(sequence % 20));
    }

    /// <summary>Writes events [first, first + count) as NDJSON, one listing event a line.</summary>
    public void WriteNdjson(IBufferWriter<byte> buffer, string stream, long first, int count)
    {
        WriteNdjson(buffer, Enumerable.Range(0, count).Select(i => Event(stream, first + i)));
    }

    public static void WriteNdjson(IBufferWriter<byte> buffer, IEnumerable<ListingEvent> events)
    {
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        foreach (var e in events)
        {
            e.Write(writer);
            writer.Flush();
            writer.Reset();
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
        }
    }
}

/// <summary>One listing event of the workload.</summary>
internal readonly record struct ListingEvent(string EventId, string ListingId, string SellerId, string BrandId, string Title, decimal Price, int Quantity)
{
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("eventId", EventId);
        writer.WriteString("listingId", ListingId);
        writer.WriteString("sellerId", SellerId);
        writer.WriteString("brandId", BrandId);
        writer.WriteString("title", Title);
        writer.WriteStartObject("price");
        writer.WriteNumber("amount", Price);
        writer.WriteString("currency", "USD");
        writer.WriteEndObject();
        writer.WriteNumber("quantity", Quantity);
        writer.WriteEndObject();
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public ListingUpsert ToUpsert() => new(EventId, SellerId, BrandId, Title, null, new Money(Price, "USD"), Quantity, null, false, null);

    public string CheckoutQuery(string sellerId) =>
        string.Create(CultureInfo.InvariantCulture, $"/v1/sellers/{sellerId}/checkout?listingId={ListingId}&amount={Price}&currency=USD");
}
