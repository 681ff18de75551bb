namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A population mix: the shares of the seller kinds. The honest and grey-market part (71%) is the same in
/// <see cref="Default"/>, <see cref="Stealthy"/> and <see cref="Crude"/>; they shift the 29% of
/// counterfeiters between loud and quiet ones. <see cref="Confounded"/> has fewer counterfeiters
/// and more of the honest sellers that look like them (accessories, sales, grey imports).
/// </summary>
internal enum MarketMix
{
    Default,
    Stealthy,
    Crude,
    Confounded,
}
