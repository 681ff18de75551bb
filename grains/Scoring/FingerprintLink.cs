namespace IpGuard.Grains.Scoring;

/// <summary>
/// One of the seller's fingerprints that a suspended seller shares.
/// </summary>
/// <param name="Kind">What the fingerprint identifies.</param>
/// <param name="SuspendedSellers">How many suspended sellers share it (at least 1 for it to count).</param>
/// <param name="SellersSharing">
/// How many other sellers share it, suspended or not (at least <paramref name="SuspendedSellers"/>):
/// a prep-center address shared by dozens says little; a bank account shared with one suspended seller says much.
/// </param>
public readonly record struct FingerprintLink(FingerprintKind Kind, int SuspendedSellers, int SellersSharing);
