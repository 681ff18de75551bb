using System.IO.Hashing;
using System.Text;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// Case ids derived from (kind, subject, the subject's case counter): the same opening always
/// names the same case, so a retried opening never duplicates it, and ids stay short.
/// </summary>
internal static class CaseIds
{
    public static string For(CaseKind kind, string subjectId, int counter)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{kind}|{subjectId}|{counter}"));
        var prefix = kind switch
        {
            CaseKind.SellerReview => "sr",
            CaseKind.ListingReview => "lr",
            _ => "ap",
        };
        return $"case-{prefix}-{hash:x16}";
    }
}
