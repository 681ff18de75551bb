using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>
/// A listing's durable state. Ids are never renumbered. Members at their default (the collections
/// left null until used) are not written, so that a build from before, which starts them empty,
/// reads this one's state as it always did.
/// </summary>
[GenerateSerializer, Alias("ipguard.ListingState"), OmitDefaultMemberValues]
internal sealed class ListingState : IEventSource, IHoldsUnsent
{
    [Id(0)] public string? SellerId { get; set; }
    [Id(1)] public string? BrandId { get; set; }
    [Id(2)] public string Title { get; set; } = "";

    /// <summary>The counterfeit phrases found in the description; the description itself is not kept.</summary>
    [Id(3)] public List<string> DescriptionTerms { get; set; } = [];
    [Id(4)] public Money? Price { get; set; }
    [Id(5)] public int? Quantity { get; set; }
    [Id(6)] public List<string>? ImageHashes { get; set; }
    [Id(7)] public bool Withdrawn { get; set; }
    [Id(8)] public ListingStatus Status { get; set; }
    [Id(9)] public Removal? Removal { get; set; }
    [Id(10)] public int Score { get; set; }
    [Id(11)] public Band Band { get; set; }
    [Id(12)] public List<Factor> Factors { get; set; } = [];

    /// <summary>One entry per distinct reporter: a reporter counts once per listing. Null until the first.</summary>
    [Id(13)] public Dictionary<string, ListingReportEntry>? Reports { get; set; }
    [Id(14)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the listing's content last changed; content signals decay from here.</summary>
    [Id(15)] public DateTimeOffset ChangedAt { get; set; }
    [Id(16)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped on every change, so that the seller can ignore an older change.</summary>
    [Id(17)] public long Version { get; set; }
    [Id(18)] public string PolicyVersion { get; set; } = "";
    [Id(19)] public EventWindow Events { get; set; } = new();

    /// <summary>Outbox: the seller has not yet confirmed this version.</summary>
    [Id(20)] public bool SellerPending { get; set; }

    /// <summary>Outbox: what the brand has not yet confirmed.</summary>
    [Id(21)] public BrandListingDelta? BrandPending { get; set; }

    /// <summary>The last flags the brand confirmed, so unchanged flags are not sent again.</summary>
    [Id(22)] public BrandListingDelta? BrandSent { get; set; }
    [Id(23)] public DateTimeOffset? OccurredAt { get; set; }

    /// <summary>Outbox: new reporters the seller has not yet confirmed. Null while there are none.</summary>
    [Id(24)] public List<ListingReporter>? PendingReporters { get; set; }

    /// <summary>Brand notices against the listing, by brand. Null until the first.</summary>
    [Id(25)] public Dictionary<string, ListingNoticeEntry>? Notices { get; set; }

    /// <summary>Failed Transparency scans of the listing, by eventId. Null until the first.</summary>
    [Id(26)] public Dictionary<string, ScanView>? ScanFailures { get; set; }

    /// <summary>The open listing_review case, so that no second one opens for the listing.</summary>
    [Id(27)] public string? OpenCaseId { get; set; }
    [Id(28)] public int CaseCounter { get; set; }

    /// <summary>Outbox: a case the listing decided to open and the case grain has not confirmed.</summary>
    [Id(29)] public CaseOpening? CasePending { get; set; }

    /// <summary>A moderator cleared the listing: it stays active until its content changes.</summary>
    [Id(30)] public bool ModeratorCleared { get; set; }

    /// <summary>The case that confirmed the listing infringes.</summary>
    [Id(31)] public string? ConfirmedBy { get; set; }

    /// <summary>The brand notice that removed the listing, if a brand did.</summary>
    [Id(32)] public BrandRemovalRef? RemovedByNotice { get; set; }

    /// <summary>Cases whose decision was applied, so that a retried decision changes nothing. Null until the first.</summary>
    [Id(33)] public List<string>? DecidedCases { get; set; }

    /// <summary>What the seller was last sent (or is being sent) about this listing.</summary>
    [Id(34)] public SellerListingFacts? SellerSent { get; set; }

    /// <summary>The seller's enforcement as last heard (level and epoch); it keeps a suspended seller's listings off sale.</summary>
    [Id(35)] public Decision SellerLevel { get; set; }
    [Id(36)] public long SellerEpoch { get; set; }

    /// <summary>The listing is removed by its seller's enforcement, not for its own reasons: it comes back when that is lifted.</summary>
    [Id(37)] public bool RemovedBySeller { get; set; }

    /// <summary>What the image index last said of the listing's photos; null without photos.</summary>
    [Id(38)] public ImageFindings? Images { get; set; }

    /// <summary>The listing's own signals (<c>ListingSignals</c>) as last assessed, carried to its seller.</summary>
    [Id(39)] public int Signals { get; set; }

    /// <summary>The listing as the shadow version last scored it; it decides nothing.</summary>
    [Id(40)] public ListingShadowView? Shadow { get; set; }

    /// <summary>The "active->shadow" status pair this listing counts under in <see cref="Shadow"/>'s report.</summary>
    [Id(41)] public string? ShadowPair { get; set; }

    /// <summary>The number of the listing's last event in the log (<see cref="IEventSource"/>).</summary>
    [Id(42)] public long EventSeq { get; set; }

    /// <summary>Outbox: events written with the state and not yet confirmed appended to the log. Null when none.</summary>
    [Id(43)] public List<LoggedEvent>? PendingEvents { get; set; }

    /// <summary>Not stored: see <see cref="IEventSource.Appending"/>.</summary>
    [field: NonSerialized]
    public List<LoggedEvent>? Appending { get; set; }

    public bool Exists => SellerId is not null;

    // Most listings are never reported, noticed, scanned or reviewed: those collections stay null
    // (a million empty dictionaries and lists held ~0.3 KB a listing). States stored before were
    // written with them empty, and read back so; either way these count them.
    public int ReportCount => Reports?.Count ?? 0;

    public int NoticeCount => Notices?.Count ?? 0;

    public int ScanFailureCount => ScanFailures?.Count ?? 0;

    public bool HasPendingReporters => PendingReporters is { Count: > 0 };

    /// <summary>Never stored: the outbox holds changes its seller, brand or review case has not confirmed.</summary>
    bool IHoldsUnsent.HasUnsent => ListingOutbox.HasPending(this);

    /// <summary>States written before these collections could be null hold them empty: let them go.</summary>
    public void DropEmptyCollections()
    {
        if (Reports is { Count: 0 })
        {
            Reports = null;
        }

        if (Notices is { Count: 0 })
        {
            Notices = null;
        }

        if (ScanFailures is { Count: 0 })
        {
            ScanFailures = null;
        }

        if (PendingReporters is { Count: 0 })
        {
            PendingReporters = null;
        }

        if (DecidedCases is { Count: 0 })
        {
            DecidedCases = null;
        }
    }
}

/// <summary>A brand's notice against the listing and whether a moderator decided it.</summary>
[GenerateSerializer, Alias("ipguard.ListingNoticeEntry")]
internal sealed record ListingNoticeEntry(
    [property: Id(0)] string NoticeId,
    [property: Id(1)] string Reason,
    [property: Id(2)] bool Takedown,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] bool Decided);

/// <summary>One reporter's report against a listing.</summary>
[GenerateSerializer, Alias("ipguard.ListingReportEntry")]
internal sealed record ListingReportEntry(
    [property: Id(0)] ReporterKind Kind,
    [property: Id(1)] ReportReason Reason,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string EventId,
    [property: Id(4)] string? Details,
    [property: Id(5)] double Weight = 1.0);

/// <summary>The listing part of a listing event's answer, kept for repeats.</summary>
[GenerateSerializer, Alias("ipguard.ListingOutcome")]
internal sealed record ListingOutcome(
    [property: Id(0)] ListingStatus Status,
    [property: Id(1)] int Score,
    [property: Id(2)] Band Band,
    [property: Id(3)] Factor[] Factors);

/// <summary>The part of a listing its seller carries.</summary>
[GenerateSerializer, Alias("ipguard.SellerListingFacts")]
internal sealed record SellerListingFacts(
    [property: Id(0)] ListingStatus Status,
    [property: Id(1)] int Score,
    [property: Id(2)] string? BrandId,
    [property: Id(3)] int Notices,
    [property: Id(4)] string? ConfirmedBy,
    [property: Id(5)] bool RemovedBySeller = false,
    [property: Id(6)] int Signals = 0);
