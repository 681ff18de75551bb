using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A stable 64-bit hash of an event's payload (XxHash64), the same in every process and after
/// restarts, so that a repeated eventId with a different body is told apart from a retry.
/// </summary>
internal ref struct PayloadHash
{
    private XxHash64 _hash;

    public static PayloadHash Create() => new() { _hash = new XxHash64() };

    public PayloadHash Add(string? value)
    {
        if (value is null)
        {
            AddInt(-1);
            return this;
        }

        AddInt(value.Length);
        _hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        return this;
    }

    public PayloadHash Add(bool value) => AddInt(value ? 1 : 0);

    public PayloadHash Add(int? value) => value is { } v ? AddInt(1).AddInt(v) : AddInt(0);

    public PayloadHash Add(decimal? value) => value is { } v ? Add(v.ToString(System.Globalization.CultureInfo.InvariantCulture)) : AddInt(0);

    public PayloadHash Add(DateTimeOffset? value) => value is { } v ? AddLong(v.UtcTicks) : AddInt(0);

    public PayloadHash Add(Money? money) => money is null ? AddInt(0) : Add(money.Amount).Add(money.Currency);

    public PayloadHash Add(Fingerprints? f) => f is null
        ? AddInt(0)
        : Add(f.BankAccountHash).Add(f.DeviceId).Add(f.AddressHash).Add(f.TaxIdHash);

    public PayloadHash Add(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return AddInt(-1);
        }

        AddInt(values.Count);
        foreach (var value in values)
        {
            Add(value);
        }

        return this;
    }

    public PayloadHash AddInt(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _hash.Append(bytes);
        return this;
    }

    public PayloadHash AddLong(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _hash.Append(bytes);
        return this;
    }

    public ulong Value => _hash.GetCurrentHashAsUInt64();

    public static ulong Of(ListingUpsert e) => Create()
        .Add(e.SellerId).Add(e.BrandId).Add(e.Title).Add(e.Description).Add(e.Price).Add(e.Quantity)
        .Add(e.ImageHashes).Add(e.Withdrawn).Add(e.OccurredAt).Value;

    public static ulong Of(ReportCommand e) => Create()
        .Add(e.ReporterId).AddInt((int)e.ReporterKind).Add(e.ListingId).Add(e.SellerId).AddInt((int)e.Reason)
        .Add(e.Details).Add(e.OccurredAt).Value;

    public static ulong Of(SellerRegistration e) => Create()
        .Add(e.RegisteredAt).Add(e.Country).Add(e.Fingerprints).Value;

    public static ulong Of(VerificationResult e) => Create()
        .AddInt((int)e.Check).AddInt((int)e.Outcome).Add(e.Fingerprints).Value;

    public static ulong Of(AppealCommand e) => Create().Add(e.Statement).Add(e.ListingId).Value;

    public static ulong Of(ScanCommand e) => Create().Add(e.Code).Add(e.BrandId).Add(e.ListingId).Add(e.SellerId).Value;

    public static ulong Of(NoticeCommand e) => Create().Add(e.ListingIds).Add(e.Reason).Add(e.Details).Add(e.Takedown).Value;
}
