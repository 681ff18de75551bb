namespace IpGuard.GrainInterfaces;

/// <summary>
/// What the shadow policy would have decided about a seller; it changes nothing. Shown to
/// moderator and admin keys while the shadow runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.SellerShadowView")]
public sealed record SellerShadowView(
    [property: Id(0)] string PolicyVersion,
    [property: Id(1)] int Score,
    [property: Id(2)] Decision Decision);

/// <summary>
/// The status the shadow policy would have given a listing; it changes nothing. Shown to
/// moderator and admin keys while the shadow runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("ipguard.ListingShadowView")]
public sealed record ListingShadowView(
    [property: Id(0)] string PolicyVersion,
    [property: Id(1)] int Score,
    [property: Id(2)] ListingStatus Status);
