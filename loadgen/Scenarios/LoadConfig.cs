using IpGuard.LoadGen.Simulation;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>Everything a scenario needs; the command line fills it, and tests build it directly.</summary>
internal sealed record LoadConfig
{
    public required string Scenario { get; init; }

    public Uri Target { get; init; } = new("http://127.0.0.1:5080");

    public string ApiKey { get; init; } = "dev-admin";

    /// <summary>A second key for the ingest stream mixed into checkout, when ApiKey lacks the ingest role.</summary>
    public string? IngestApiKey { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests per second on an open-loop schedule; null sends as fast as <see cref="Concurrency"/> allows.</summary>
    public double? Rate { get; init; }

    /// <summary>Requests in flight at most (open loop) or senders (max).</summary>
    public int Concurrency { get; init; } = 32;

    public int Sellers { get; init; } = 10_000;

    public int Listings { get; init; } = 100_000;

    public int Brands { get; init; } = 50;

    /// <summary>Listing events per request (1 sends single POST /v1/listings).</summary>
    public int Batch { get; init; } = 100;

    public int Seed { get; init; } = 1;

    /// <summary>Events per second of the ingest stream mixed into the checkout scenario (0: none).</summary>
    public double MixIngestRate { get; init; }

    /// <summary>The mixed-in ingest stream sends as fast as it is answered, on 8 connections (<c>--mix-ingest-rate max</c>).</summary>
    public bool MixIngestMax { get; init; }

    public bool MixesIngest => MixIngestMax || MixIngestRate > 0;

    /// <summary>Requests a second of the mixed-in ingest stream; null: as fast as it is answered.</summary>
    public double? MixIngestRequestRate => MixIngestMax ? null : MixIngestRate / EffectiveBatch;

    /// <summary>Connections of the mixed-in ingest stream.</summary>
    public int MixIngestConnections(int minimum) => MixIngestMax ? 8 : Math.Max(minimum, Concurrency / 4);

    public string MixIngestLabel => MixIngestMax ? "max rate" : $"{MixIngestRate} events/s";

    /// <summary>The direct scenario calls the no-op IHealthGrain.Ping instead of ingesting.</summary>
    public bool Ping { get; init; }

    /// <summary>Event n changes listing n mod listings (every listing once per pass), not a hashed pick.</summary>
    public bool Sequential { get; init; }

    /// <summary>Orleans gateway port, cluster and service of the direct scenario.</summary>
    public int GatewayPort { get; init; } = 30000;

    public string ClusterId { get; init; } = "ipguard";

    public string ServiceId { get; init; } = "ipguard";

    /// <summary>How long the direct scenario tries to join the cluster before it gives up with a message.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Days of marketplace life the market scenario simulates.</summary>
    public int Days { get; init; } = 10;

    /// <summary>The market scenario's population mix: the shares of honest, grey and counterfeit seller kinds.</summary>
    public MarketMix Mix { get; init; } = MarketMix.Default;

    /// <summary>The market scenario resolves its open cases by ground truth at the end of each day (<see cref="Simulation.SimModerator"/>).</summary>
    public bool Moderate { get; init; }

    /// <summary>Prefixes every id this run writes, so that runs against one service never collide.</summary>
    public string RunId { get; init; } = $"lg{Environment.TickCount64 % 1_000_000_000:x}";

    /// <summary>market: a candidate policy document to PUT and run in shadow, and compare with the active policy.</summary>
    public string? ShadowPolicy { get; init; }

    public string? Out { get; init; }

    public string? Report { get; init; }

    /// <summary>Events per request of the configured shape, for rates given in events per second.</summary>
    public int EffectiveBatch => Math.Max(1, Batch);
}
