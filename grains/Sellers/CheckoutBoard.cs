using System.Collections.Concurrent;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The checkout facts of the seller activations in this silo (<see cref="ICheckoutReadModel"/>):
/// the api answers a checkout from here without a grain call, so checkout costs about what a
/// request costs and never waits in a grain's queue, however hard ingest pushes. Each entry is
/// its activation's own (<see cref="Withdraw"/> removes only the entry it published): a newer
/// activation's facts are never taken down by an older one's deactivation. One per silo.
/// </summary>
internal sealed class CheckoutBoard(PolicyProvider policies, RiskClock clock) : ICheckoutReadModel
{
    private readonly ConcurrentDictionary<string, SellerCheckout> _sellers = new(StringComparer.Ordinal);

    public void Publish(string sellerId, SellerCheckout facts) => _sellers[sellerId] = facts;

    /// <summary>Removes the seller's entry if it is still <paramref name="published"/>.</summary>
    public void Withdraw(string sellerId, SellerCheckout? published)
    {
        if (published is not null)
        {
            _sellers.TryRemove(KeyValuePair.Create(sellerId, published));
        }
    }

    public bool TryAnswer(string sellerId, CheckoutQuery query, out CheckoutAnswer answer)
    {
        if (_sellers.TryGetValue(sellerId, out var facts))
        {
            answer = facts.Answer(query, policies.Current.Policy.Version, clock.UtcNow);
            return true;
        }

        answer = null!;
        return false;
    }
}
