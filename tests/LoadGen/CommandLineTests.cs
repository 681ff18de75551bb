using IpGuard.LoadGen;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.Tests.LoadGen;

public sealed class CommandLineTests
{
    [Fact(DisplayName = "Command line: the issue's example parses into the config, with rate 'max' meaning no rate")]
    public void ParsesOptions()
    {
        var config = CommandLine.Parse(["ingest", "--target", "http://127.0.0.1:5080", "--api-key", "KEY", "--duration", "60s", "--rate", "max",
            "--concurrency", "12", "--sellers", "5", "--listings", "50", "--brands", "3", "--batch", "1", "--seed", "9", "--out", "r.json", "--report", "r.html"]);
        Assert.Equal(ScenarioNames.Ingest, config.Scenario);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), config.Target);
        Assert.Equal("KEY", config.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Duration);
        Assert.Null(config.Rate);
        Assert.Equal((12, 5, 50, 3, 1, 9), (config.Concurrency, config.Sellers, config.Listings, config.Brands, config.Batch, config.Seed));
        Assert.Equal(("r.json", "r.html"), (config.Out, config.Report));

        var checkout = CommandLine.Parse(["checkout", "--rate", "2500.5", "--mix-ingest-rate", "400"]);
        Assert.Equal(2500.5, checkout.Rate);
        Assert.Equal(400, checkout.MixIngestRate);
        Assert.Equal(4, checkout.MixIngestRequestRate); // 400 events/s in batches of 100
        var beside = CommandLine.Parse(["checkout", "--mix-ingest-rate", "max"]);
        Assert.True(beside is { MixesIngest: true, MixIngestMax: true, MixIngestRequestRate: null });
        Assert.Equal(8, beside.MixIngestConnections(2));
        Assert.False(CommandLine.Parse(["checkout"]).MixesIngest);
        Assert.True(CommandLine.Parse(["direct", "--ping", "--gateway", "30001"]) is { Ping: true, GatewayPort: 30001 });
        Assert.Equal(TimeSpan.FromSeconds(5), CommandLine.Parse(["direct", "--connect-timeout", "5s"]).ConnectTimeout);
        Assert.True(CommandLine.Parse(["direct"]).ConnectTimeout < TimeSpan.FromSeconds(30), "a missing gateway is reported well within 30 s");
    }

    [Fact(DisplayName = "Command line: durations in ms, s, m or plain seconds; the market gets its own default size")]
    public void DurationsAndDefaults()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), CommandLine.ParseDuration("500ms"));
        Assert.Equal(TimeSpan.FromSeconds(20), CommandLine.ParseDuration("20s"));
        Assert.Equal(TimeSpan.FromMinutes(2), CommandLine.ParseDuration("2m"));
        Assert.Equal(TimeSpan.FromSeconds(7.5), CommandLine.ParseDuration("7.5"));

        var market = CommandLine.Parse(["market"]);
        Assert.Equal((400, 3000, 12, 16), (market.Sellers, market.Listings, market.Brands, market.Concurrency));
        Assert.Equal(10_000, CommandLine.Parse(["ingest"]).Sellers);
    }

    [Fact(DisplayName = "Command line: --shadow-policy takes an existing policy file and refuses a missing one")]
    public void ShadowPolicyFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(file, CommandLine.Parse(["market", "--shadow-policy", file]).ShadowPolicy);
            Assert.Throws<UsageException>(() => CommandLine.Parse(["market", "--shadow-policy", file + ".missing"]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact(DisplayName = "Command line: --sequential makes the first pass of events bring every listing alive exactly once")]
    public void SequentialCoversEveryListing()
    {
        var sequential = new ListingWorkload(CommandLine.Parse(["ingest", "--sequential", "--listings", "500", "--sellers", "50"]));
        var firstPass = Enumerable.Range(0, 500).Select(n => sequential.Event("e", n).ListingId).ToHashSet();
        Assert.Equal(500, firstPass.Count);
        Assert.Equal(sequential.Event("e", 0).ListingId, sequential.Event("e", 500).ListingId);

        var hashed = new ListingWorkload(CommandLine.Parse(["ingest", "--listings", "500", "--sellers", "50"]));
        Assert.True(Enumerable.Range(0, 500).Select(n => hashed.Event("e", n).ListingId).Distinct().Count() < 500);
    }

    [Theory(DisplayName = "Command line: mistakes are refused with a message, never guessed")]
    [InlineData("nosuch")]
    [InlineData("--rate", "10")]
    [InlineData("ingest", "--rate")]
    [InlineData("ingest", "--rate", "0")]
    [InlineData("ingest", "--batch", "1001")]
    [InlineData("ingest", "--duration", "soon")]
    [InlineData("ingest", "--target", "not a url")]
    [InlineData("ingest", "--frobnicate", "1")]
    public void RefusesMistakes(params string[] args) => Assert.Throws<UsageException>(() => CommandLine.Parse(args));
}
