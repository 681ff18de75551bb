using Microsoft.Extensions.DependencyInjection;

namespace IpGuard.Grains;

/// <summary>The grain storage provider every IpGuard grain persists to.</summary>
public static class StorageNames
{
    public const string Default = "ipguard";

    /// <summary>
    /// Whether a tidying write made while the silo shuts down is worth making: not to memory
    /// storage (<see cref="StorageDurability"/>), whose state goes with the process and whose
    /// storage grains stop before the grains that would write to them (each such write fails,
    /// and Orleans logs it twice).
    /// </summary>
    public static bool WriteOnShutdown(IServiceProvider services, DeactivationReason reason) =>
        reason.ReasonCode != DeactivationReasonCode.ShuttingDown || StateOutlivesProcess(services);

    /// <summary>Whether grain state outlives the process (<see cref="StorageDurability"/>; true unless the host says otherwise).</summary>
    public static bool StateOutlivesProcess(IServiceProvider services) =>
        services.GetService<StorageDurability>()?.StateOutlivesProcess != false;
}

/// <summary>Registered by the silo host: whether grain state outlives the process (false for memory storage).</summary>
public sealed record StorageDurability(bool StateOutlivesProcess);
