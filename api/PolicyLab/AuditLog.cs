using IpGuard.Api.Auth;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.PolicyLab;

/// <summary>Records an administrative act in the global audit log, after it took effect.</summary>
internal static class AuditLog
{
    public static Task RecordAsync(IGrainFactory grains, HttpContext context, string action, string subject, string? detail = null) =>
        grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key).Append(Actors.Of(context), action, subject, detail);
}
