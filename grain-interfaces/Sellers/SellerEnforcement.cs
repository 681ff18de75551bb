namespace IpGuard.GrainInterfaces;

/// <summary>
/// A seller's enforcement as its listings follow it: <see cref="Decision.Suspend"/> takes every
/// live listing off sale, <see cref="Decision.Restrict"/> the flagged ones, anything lower none.
/// Epoch grows with every change of level, so a listing ignores news older than what it holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerEnforcement")]
public sealed record SellerEnforcement(string SellerId, Decision Level, long Epoch)
{
    /// <summary>The level a seller's effective decision puts on its listings.</summary>
    public static Decision LevelOf(Decision decision) =>
        decision >= Decision.Suspend ? Decision.Suspend : decision == Decision.Restrict ? Decision.Restrict : Decision.Allow;
}

/// <summary>What a seller answers a listing change with: its summary and its enforcement.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingChangeReply")]
public sealed record ListingChangeReply(SellerSummary Summary, SellerEnforcement Enforcement);
