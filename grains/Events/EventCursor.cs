using System.Buffers.Text;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// The opaque cursor of GET /v1/events: the position reached in each partition, base64url.
/// A cursor made with another partition count does not parse.
/// </summary>
public static class EventCursor
{
    private const byte Version = 1;

    public static string Encode(ReadOnlySpan<StreamPosition> positions)
    {
        using var buffer = new MemoryStream(2 + positions.Length * 8);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Version);
            writer.Write7BitEncodedInt(positions.Length);
            foreach (var p in positions)
            {
                writer.Write7BitEncodedInt64(p.Ms);
                writer.Write7BitEncodedInt64(p.Seq);
            }
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static bool TryDecode(string text, int partitions, out StreamPosition[] positions)
    {
        positions = [];
        if (text.Length is 0 or > 4096)
        {
            return false;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            using var reader = new BinaryReader(new MemoryStream(bytes));
            if (reader.ReadByte() != Version || reader.Read7BitEncodedInt() != partitions)
            {
                return false;
            }

            var read = new StreamPosition[partitions];
            for (var i = 0; i < partitions; i++)
            {
                read[i] = new StreamPosition(reader.Read7BitEncodedInt64(), reader.Read7BitEncodedInt64());
                if (read[i].Ms < 0 || read[i].Seq < 0)
                {
                    return false;
                }
            }

            if (reader.BaseStream.Position != bytes.Length)
            {
                return false;
            }

            positions = read;
            return true;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException)
        {
            return false;
        }
    }
}
