using System.Numerics;

namespace IpGuard.Grains;

/// <summary>
/// A distinct count in a few bytes: the first few items are kept (exact count and membership up
/// to that many), and every item also sets one bit of a 64-bit map, whose share of zero bits
/// estimates the count beyond (linear counting, rounded down so that a full set of distinct bits
/// reads as exactly its size: good enough to tell a handful from many, up to ~260). Kept arrays are never written after they are made (an add makes a new one), so a stored
/// snapshot may share them.
/// </summary>
internal static class KeptSet
{
    /// <summary>Adds an item; true when the set changed (a new kept item or a new bit).</summary>
    public static bool Add<T>(ref T[]? kept, ref ulong bits, T item, ulong itemHash, int cap)
        where T : IEquatable<T>
    {
        var bit = Bit(itemHash);
        var changed = (bits & bit) == 0;
        bits |= bit;
        return Add(ref kept, item, cap) | changed;
    }

    /// <summary>Keeps an item when there is room and it is new (true then); beyond the cap it is not counted.</summary>
    public static bool Add<T>(ref T[]? kept, T item, int cap)
        where T : IEquatable<T>
    {
        if (kept is null)
        {
            kept = [item];
            return true;
        }

        if (kept.Length >= cap || Array.IndexOf(kept, item) >= 0)
        {
            return false;
        }

        var grown = new T[kept.Length + 1];
        kept.CopyTo(grown, 0);
        grown[^1] = item;
        kept = grown;
        return true;
    }

    /// <summary>
    /// Whether an item was added: exact while no more items were added than are kept, approximate
    /// (its bit) beyond. A full set whose bits count no more items than it keeps holds only those:
    /// another item's bit that collides with a kept one's (1 in 16 with 4 kept) is no sign of it.
    /// </summary>
    public static bool Contains<T>(T[]? kept, ulong bits, T item, ulong itemHash, int cap)
        where T : IEquatable<T> =>
        kept is not null && (Array.IndexOf(kept, item) >= 0
            || (kept.Length >= cap && Estimate(bits) > kept.Length && (bits & Bit(itemHash)) != 0));

    /// <summary>How many distinct items were added: exact up to the cap, estimated beyond.</summary>
    public static int Count<T>(T[]? kept, ulong bits, int cap) =>
        kept is null ? 0 : kept.Length < cap ? kept.Length : Math.Max(cap, Estimate(bits));

    private static ulong Bit(ulong itemHash) => 1UL << (int)(itemHash >> 58);

    private static int Estimate(ulong bits)
    {
        var zeros = 64 - BitOperations.PopCount(bits);
        return zeros == 0 ? 266 : (int)Math.Floor(-64 * Math.Log(zeros / 64.0));
    }
}
