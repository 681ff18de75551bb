using IpGuard.GrainInterfaces;

namespace IpGuard.Grains.Scoring;

/// <summary>
/// The typical (median) price observed for a brand's listings and how many distinct sellers it
/// was taken from (<see cref="ObservedPriceBook"/>). It stands in for a missing reference price, and protects honest sellers where the
/// whole market sells below the reference; it is ignored below
/// <see cref="ListingPolicy.ObservedPriceMinSamples"/> samples.
/// </summary>
public readonly record struct ObservedBrandPrice(Money Typical, int Samples);
