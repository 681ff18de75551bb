using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The stable hashes the image index keeps instead of text (the same in every process and after
/// restarts, as stored state needs): 128 bits for an image hash, whose low bits choose its shard,
/// and 64 bits for a seller, brand or listing id.
/// </summary>
internal static class ImageKeys
{
    public static UInt128 Of(string imageHash) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(imageHash.AsSpan()));

    public static ulong Id(string id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()));

    public static int Shard(string imageHash) => Shard(Of(imageHash));

    public static int Shard(UInt128 key) => (int)((ulong)key % IImageIndexGrain.Shards);

    public static string ShardKey(int shard) => shard.ToString(CultureInfo.InvariantCulture);
}
