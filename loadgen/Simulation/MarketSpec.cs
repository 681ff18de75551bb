namespace IpGuard.LoadGen.Simulation;

/// <summary>The size, seed and population mix of a simulated marketplace; the same spec always makes the same market.</summary>
internal sealed record MarketSpec(int Seed, int Sellers, int Listings, int Brands, int Days, string RunId, MarketMix Mix = MarketMix.Default);
