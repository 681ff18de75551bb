using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using IpGuard.Grains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace IpGuard.Tests.Grains;

public sealed class BrandEntryCompatibilityTests
{
    [Fact(DisplayName = "Brand Registry entry: an entry stored before official photos reads back with none, and the registry index takes it")]
    public void ReadsAnEntryStoredBeforeOfficialPhotos()
    {
        var stored = new FormerBrandRegistryEntry("b-1", "Lumora", ["Lumora"], ["Lumora Luxe"], ["s-1"], new Money(500m, "USD"), true, false);

        var serializer = Serializer();
        var entry = serializer.Deserialize<BrandRegistryEntry>(serializer.SerializeToArray(stored))!;

        Assert.Equal(("b-1", "Lumora", true), (entry.BrandId, entry.Name, entry.Restricted));
        Assert.Equal(["s-1"], entry.AuthorizedSellers);
        Assert.Null(entry.OfficialImageHashes);
        Assert.Empty(entry.OfficialImages);
        var index = new RegistryIndex(1, [entry]);
        Assert.Empty(index.OfficialBrandsOf("img-1"));
        Assert.True(index.IsAuthorized("b-1", "s-1"));
    }

    [Fact(DisplayName = "Brand Registry entry: a build from before reads an entry with official photos (rollback), and the state round-trips them")]
    public void FormerBuildReadsTheNewEntry()
    {
        var entry = new BrandRegistryEntry("b-1", "Lumora", ["Lumora"], [], ["s-1"], null, false, true, ["img-1", "img-2"]);
        var state = new BrandState { Entry = entry };

        var serializer = Serializer();
        var former = serializer.Deserialize<FormerBrandRegistryEntry>(serializer.SerializeToArray(entry))!;
        Assert.Equal(("b-1", "Lumora", true), (former.BrandId, former.Name, former.SelfServiceTakedown));
        Assert.Equal(["s-1"], former.AuthorizedSellers);

        var back = serializer.Deserialize<BrandState>(serializer.SerializeToArray(state))!;
        Assert.Equal(["img-1", "img-2"], back.Entry!.OfficialImages);
    }

    [Fact(DisplayName = "Registry index: an official photo maps to every brand that registered it, once each")]
    public void IndexesOfficialPhotos()
    {
        var index = new RegistryIndex(1,
        [
            new BrandRegistryEntry("b-1", "Lumora", [], [], [], null, false, false, ["img-1", "img-shared"]),
            new BrandRegistryEntry("b-2", "Velmar", [], [], [], null, false, false, ["img-shared", "img-shared"]),
        ]);

        Assert.Equal(["b-1"], index.OfficialBrandsOf("img-1"));
        Assert.Equal(["b-1", "b-2"], index.OfficialBrandsOf("img-shared"));
        Assert.Empty(index.OfficialBrandsOf("img-unknown"));
    }

    private static Serializer Serializer() => new ServiceCollection()
        .AddSerializer(serializer => serializer
            .AddAssembly(typeof(BrandState).Assembly)
            .AddAssembly(typeof(BrandRegistryEntry).Assembly)
            .AddAssembly(typeof(BrandEntryCompatibilityTests).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();
}

/// <summary>The Brand Registry entry as builds before official photos declared it.</summary>
[GenerateSerializer, Alias("ipguard.test.FormerBrandRegistryEntry")]
internal sealed record FormerBrandRegistryEntry(
    string BrandId,
    string Name,
    IReadOnlyList<string> Trademarks,
    IReadOnlyList<string> ProtectedTerms,
    IReadOnlyList<string> AuthorizedSellers,
    Money? ReferencePrice,
    bool Restricted,
    bool SelfServiceTakedown);
