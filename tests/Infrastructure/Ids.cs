namespace IpGuard.Tests.Infrastructure;

/// <summary>Fresh ids, so that tests sharing a cluster never see each other's state.</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
