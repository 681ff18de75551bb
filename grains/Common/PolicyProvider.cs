using IpGuard.GrainInterfaces;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>A policy version in force and what is derived from it once, such as the phrase set.</summary>
internal sealed record ActivePolicy(RiskPolicy Policy, PhraseSet CounterfeitTerms)
{
    public static ActivePolicy Of(RiskPolicy policy) => new(policy, new PhraseSet(policy.Listing.CounterfeitTerms));
}

/// <summary>
/// This silo's copy of the active policy and of the shadow one (if any), swapped whole when the
/// registry's generation changes (<see cref="PolicyFollower"/> polls it). Until the registry
/// first answers, the configured policy (<c>IpGuard:Policy</c>, the registry's first version) is used.
/// </summary>
internal sealed class PolicyProvider : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile PolicyPair _current;

    public PolicyProvider(IOptionsMonitor<RiskPolicy> options)
    {
        _current = new PolicyPair(-1, ActivePolicy.Of(options.CurrentValue), null);
        _subscription = options.OnChange(policy =>
        {
            // Configuration only stands in until the registry answers; after that it seeds drafts.
            if (_current.Generation < 0)
            {
                _current = new PolicyPair(-1, ActivePolicy.Of(policy), null);
            }
        });
    }

    public ActivePolicy Current => _current.Active;

    /// <summary>The version every event is also scored by, without effect; null when none runs.</summary>
    public ActivePolicy? Shadow => _current.Shadow;

    /// <summary>The registry generation this copy holds (-1 before the first answer).</summary>
    public long Generation => _current.Generation;

    /// <summary>Takes the registry's current active and shadow versions; documents already loaded are reused.</summary>
    public void Apply(PolicySnapshot snapshot)
    {
        var held = _current;
        if (snapshot.Generation <= held.Generation)
        {
            return;
        }

        ActivePolicy Load(PolicyDocumentRef document) =>
            held.Active.Policy.Version == document.Version && held.Generation >= 0 ? held.Active
            : held.Shadow?.Policy.Version == document.Version ? held.Shadow
            : ActivePolicy.Of(PolicyDocument.Load(document.Document));

        _current = new PolicyPair(snapshot.Generation, Load(snapshot.Active), snapshot.Shadow is { } s ? Load(s) : null);
    }

    public void Dispose() => _subscription?.Dispose();

    private sealed record PolicyPair(long Generation, ActivePolicy Active, ActivePolicy? Shadow);
}
