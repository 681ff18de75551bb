using IpGuard.Grains.Scoring;
using Microsoft.Extensions.Options;

namespace IpGuard.Grains;

/// <summary>The policy in force and what is derived from it once, such as the phrase set.</summary>
internal sealed record ActivePolicy(RiskPolicy Policy, PhraseSet CounterfeitTerms);

/// <summary>Follows <c>IpGuard:Policy</c> and rebuilds the derived parts when it changes.</summary>
internal sealed class PolicyProvider : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile ActivePolicy _current;

    public PolicyProvider(IOptionsMonitor<RiskPolicy> options)
    {
        _current = Build(options.CurrentValue);
        _subscription = options.OnChange(policy => _current = Build(policy));
    }

    public ActivePolicy Current => _current;

    public void Dispose() => _subscription?.Dispose();

    private static ActivePolicy Build(RiskPolicy policy) => new(policy, new PhraseSet(policy.Listing.CounterfeitTerms));
}
