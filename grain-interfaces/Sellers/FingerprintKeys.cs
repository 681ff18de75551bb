namespace IpGuard.GrainInterfaces;

/// <summary>
/// The keys of fingerprint grains ("{kind}:{hash}"): one grain per shared bank account, device,
/// address or tax id, joined by every seller that presents it. Part of the contract: the seller
/// grain joins them and the api reads them, so both build the keys here.
/// </summary>
public static class FingerprintKeys
{
    public static string Bank(string hash) => $"bank:{hash}";

    public static string Device(string id) => $"device:{id}";

    public static string Address(string hash) => $"address:{hash}";

    public static string Tax(string hash) => $"tax:{hash}";

    /// <summary>The keys of the fingerprints given (empty values name none).</summary>
    public static IEnumerable<string> Of(Fingerprints? f)
    {
        if (f is null)
        {
            yield break;
        }

        if (!string.IsNullOrEmpty(f.BankAccountHash)) yield return Bank(f.BankAccountHash);
        if (!string.IsNullOrEmpty(f.DeviceId)) yield return Device(f.DeviceId);
        if (!string.IsNullOrEmpty(f.AddressHash)) yield return Address(f.AddressHash);
        if (!string.IsNullOrEmpty(f.TaxIdHash)) yield return Tax(f.TaxIdHash);
    }
}
