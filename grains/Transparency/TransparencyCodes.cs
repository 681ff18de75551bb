using System.Globalization;

namespace IpGuard.Grains;

/// <summary>
/// Transparency codes are "{brandId}/{serial}/{mac}", the MAC being the first 128 bits of an
/// HMAC-SHA256 of "{brandId}/{serial}" under the brand's secret. Nothing is stored per code:
/// a scan is checked with the secret alone, minting 10,000 codes is one write of a counter,
/// and without the secret a valid code cannot be guessed (2^-128 a try). The brand id in the
/// clear lets a scan tell a code of another brand (wrong_brand) from a forgery (unknown).
/// </summary>
internal static class TransparencyCodes
{
    public static string Signed(string brandId, long serial) => $"{brandId}/{serial.ToString(CultureInfo.InvariantCulture)}";

    public static string Format(string brandId, long serial, string mac) => $"{Signed(brandId, serial)}/{mac}";

    public static bool TryParse(string code, out string brandId, out long serial, out string mac)
    {
        brandId = "";
        serial = 0;
        mac = "";
        var parts = code.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length != 32
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out serial))
        {
            return false;
        }

        brandId = parts[0];
        mac = parts[2];
        return true;
    }
}
