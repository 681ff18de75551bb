namespace IpGuard.Grains;

/// <summary>The grain storage provider every IpGuard grain persists to.</summary>
public static class StorageNames
{
    public const string Default = "ipguard";
}
