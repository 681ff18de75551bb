using IpGuard.Grains;

namespace IpGuard.Tests.Grains;

/// <summary>The few-bytes distinct count the image index keeps a photo's sellers and counterfeit sellers in.</summary>
public sealed class KeptSetTests
{
    private const int Cap = 4;

    /// <summary>A hash whose map bit is <paramref name="bit"/> (the top six bits choose it).</summary>
    private static ulong HashWithBit(int bit, ulong low = 1) => ((ulong)bit << 58) | low;

    [Fact(DisplayName = "Kept set: full with exactly its kept items, another item is not contained even when its bit collides with a kept one's; once more items were added than kept, a matching bit counts")]
    public void FullSetHoldsOnlyItsKeptItems()
    {
        string[]? kept = null;
        ulong bits = 0;
        for (var i = 0; i < Cap; i++)
        {
            KeptSet.Add(ref kept, ref bits, $"seller-{i}", HashWithBit(i), Cap);
        }

        Assert.Equal(Cap, KeptSet.Count(kept, bits, Cap));
        Assert.True(KeptSet.Contains(kept, bits, "seller-2", HashWithBit(2), Cap));

        // An outsider whose bit is seller-0's: before, it read as one of the four.
        Assert.False(KeptSet.Contains(kept, bits, "outsider", HashWithBit(0, low: 99), Cap));

        // Items beyond the cap are only in the map: their bits are the evidence left of them.
        for (var i = Cap; i < Cap + 6; i++)
        {
            KeptSet.Add(ref kept, ref bits, $"seller-{i}", HashWithBit(i), Cap);
        }

        Assert.True(KeptSet.Count(kept, bits, Cap) > Cap);
        Assert.True(KeptSet.Contains(kept, bits, "seller-7", HashWithBit(7), Cap));
        Assert.False(KeptSet.Contains(kept, bits, "never-added", HashWithBit(40), Cap));
    }
}
