namespace IpGuard.GrainInterfaces;

/// <summary>
/// Checkout answers from the seller activations of this process, without a grain call: each
/// seller activation publishes its checkout facts here once activated and after each of its
/// writes, and withdraws them when it deactivates. A seller not active in this process (never
/// asked, collected, or active on another silo) is not here; its answer comes from its grain.
/// </summary>
public interface ICheckoutReadModel
{
    /// <summary>The answer for a seller active in this process; false when the seller's grain must be asked.</summary>
    bool TryAnswer(string sellerId, CheckoutQuery query, out CheckoutAnswer answer);

    /// <summary>A process that hosts no silo (the api as an Orleans client): every answer comes from the grains.</summary>
    public static ICheckoutReadModel None { get; } = new NoReadModel();

    private sealed class NoReadModel : ICheckoutReadModel
    {
        public bool TryAnswer(string sellerId, CheckoutQuery query, out CheckoutAnswer answer)
        {
            answer = null!;
            return false;
        }
    }
}
