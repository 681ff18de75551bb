using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>What a registration or a verification does to a seller's state, before its links are recorded and it is rescored.</summary>
internal static class SellerIntake
{
    /// <summary>How many verification outcomes the history keeps.</summary>
    public const int VerificationHistoryCapacity = 200;

    /// <summary>A seller first heard of (by any event) exists from now, at allow.</summary>
    public static void EnsureExists(SellerState s, DateTimeOffset now)
    {
        if (!s.Exists)
        {
            s.Exists = true;
            s.FirstSeenAt = now;
            s.Decision = Decision.Allow;
            s.DecisionSince = now;
        }
    }

    /// <summary>Values a registration leaves out keep what the seller had.</summary>
    public static void Register(SellerState s, SellerRegistration registration, DateTimeOffset now)
    {
        EnsureExists(s, now);
        s.RegisteredAt = registration.RegisteredAt ?? s.RegisteredAt ?? now;
        s.Country = registration.Country ?? s.Country;
    }

    /// <summary>A check's latest outcome stands; the history keeps the last <see cref="VerificationHistoryCapacity"/>.</summary>
    public static void Verify(SellerState s, VerificationResult result, DateTimeOffset now)
    {
        EnsureExists(s, now);
        s.Verifications[result.Check] = new VerificationStatus(result.Outcome, now);
        s.VerificationHistory.Add(new VerificationRecord(result.Check, result.Outcome, now, result.EventId));
        if (s.VerificationHistory.Count > VerificationHistoryCapacity)
        {
            s.VerificationHistory.RemoveAt(0);
        }
    }
}
