namespace IpGuard.GrainInterfaces;

/// <summary>What checkout should do with an order.</summary>
public enum CheckoutOutcome { Allow, Hold, Block }
