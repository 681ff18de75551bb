using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>A seller's durable state. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("ipguard.SellerState")]
internal sealed class SellerState : IEventSource, IHoldsUnsent
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public DateTimeOffset FirstSeenAt { get; set; }
    [Id(2)] public DateTimeOffset? RegisteredAt { get; set; }
    [Id(3)] public string? Country { get; set; }
    [Id(4)] public Fingerprints? Fingerprints { get; set; }
    [Id(5)] public Dictionary<VerificationCheck, VerificationStatus> Verifications { get; set; } = [];
    [Id(6)] public List<VerificationRecord> VerificationHistory { get; set; } = [];

    /// <summary>
    /// Each listing's current contribution, as its listing last stated it: every listing while
    /// the seller has no listing snapshot, else those changed since the snapshot was written
    /// (newer than, or the same as, the snapshot's entry). A listing change writes this record.
    /// </summary>
    [Id(7)] public Dictionary<string, SellerListingEntry> Listings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// One entry per distinct reporter, against the seller or any of its listings: all of them
    /// while the seller has no snapshot, else those added since it was written.
    /// </summary>
    [Id(8)] public Dictionary<string, SellerReporterEntry> Reporters { get; set; } = new(StringComparer.Ordinal);
    [Id(9)] public List<ConfirmedInfringement> ConfirmedInfringements { get; set; } = [];
    [Id(10)] public int Score { get; set; }
    [Id(11)] public Band Band { get; set; }
    [Id(12)] public List<Factor> Factors { get; set; } = [];
    [Id(13)] public Decision Decision { get; set; }
    [Id(14)] public DateTimeOffset DecisionSince { get; set; }
    [Id(15)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(16)] public string PolicyVersion { get; set; } = "";
    [Id(17)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(18)] public EventWindow Events { get; set; } = new();

    /// <summary>Counters kept in step with <see cref="Listings"/>, so reads need no scan.</summary>
    [Id(19)] public int ActiveListings { get; set; }
    [Id(20)] public int RemovedListings { get; set; }

    [Id(21)] public OverrideView? Override { get; set; }

    /// <summary>The open seller_review case, so that no second one opens for the same seller.</summary>
    [Id(22)] public string? OpenReviewCaseId { get; set; }
    [Id(23)] public int CaseCounter { get; set; }

    /// <summary>Outbox: a case this seller decided to open and the case grain has not confirmed.</summary>
    [Id(24)] public CaseOpening? CasePending { get; set; }
    [Id(25)] public string? CasePendingId { get; set; }

    /// <summary>Linked sellers that are suspended: the cause of <c>linked_to_enforced</c>.</summary>
    [Id(26)] public HashSet<string> EnforcedLinks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The fingerprint grains this seller has joined ("{kind}:{hash}").</summary>
    [Id(27)] public List<string> FingerprintKeys { get; set; } = [];

    /// <summary>Whether the fingerprint grains were last told this seller is suspended.</summary>
    [Id(28)] public bool LinkEnforcedPublished { get; set; }

    /// <summary>Outbox: linked sellers must be told of this seller's suspension (or its end).</summary>
    [Id(29)] public bool LinkNotifyPending { get; set; }

    /// <summary>Failed Transparency scans reported against the seller, by eventId.</summary>
    [Id(30)] public Dictionary<string, ScanResult> ScanFailures { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Open appeal cases by subject (the seller or a listing).</summary>
    [Id(31)] public Dictionary<string, string> OpenAppeals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The failed scans of <see cref="ScanFailures"/> with their code and time, for the dossier.</summary>
    [Id(33)] public Dictionary<string, ScanView> ScanDetails { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether mass reporting already opened a review case.</summary>
    [Id(32)] public bool MassReportCaseOpened { get; set; }

    /// <summary>Whether older listing and reporter entries live in the seller's snapshot (<see cref="SellerListingSnapshot"/>).</summary>
    [Id(34)] public bool HasListingSnapshot { get; set; }

    /// <summary>The enforcement level the seller's listings follow (allow, restrict or suspend), and its epoch.</summary>
    [Id(35)] public Decision EnforcedLevel { get; set; }
    [Id(36)] public long EnforcementEpoch { get; set; }

    /// <summary>Outbox: listings that must still hear of the current enforcement level.</summary>
    [Id(37)] public bool EnforcementPending { get; set; }

    /// <summary>Never stored: a review case, linked sellers or listings are still to be told (a write marks the record, so a crash before they are is swept).</summary>
    bool IHoldsUnsent.HasUnsent => CasePending is not null || LinkNotifyPending || EnforcementPending;

    /// <summary>For each of the seller's fingerprint keys, how many other sellers share it (as last heard).</summary>
    [Id(38)] public Dictionary<string, int> KeySharers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For each suspended linked seller, the strongest fingerprint key the two share.</summary>
    [Id(39)] public Dictionary<string, string> LinkKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The seller as the shadow version last scored it; it decides nothing.</summary>
    [Id(40)] public SellerShadowView? Shadow { get; set; }

    /// <summary>The "active->shadow" decision pair this seller counts under in <see cref="Shadow"/>'s report.</summary>
    [Id(41)] public string? ShadowPair { get; set; }

    /// <summary>The seller's latest listing activity (<see cref="ListingChange.ListedAt"/>); null before its first.</summary>
    [Id(44)] public DateTimeOffset? LastListedAt { get; set; }

    /// <summary>The last listing activity before the seller's latest dormant gap (<see cref="Scoring.SellerPolicy.DormantAccountDays"/> or more).</summary>
    [Id(45)] public DateTimeOffset? DormantSince { get; set; }

    /// <summary>The listing activity that ended that gap.</summary>
    [Id(46)] public DateTimeOffset? ReturnedAt { get; set; }

    /// <summary>The number of the seller's last event in the log (<see cref="IEventSource"/>).</summary>
    [Id(42)] public long EventSeq { get; set; }

    /// <summary>Outbox: events written with the state and not yet confirmed appended to the log. Null when none.</summary>
    [Id(43)] public List<LoggedEvent>? PendingEvents { get; set; }

    /// <summary>Not stored: see <see cref="IEventSource.Appending"/>.</summary>
    [field: NonSerialized]
    public List<LoggedEvent>? Appending { get; set; }
}

/// <summary>
/// The bulk of a big seller's listing and reporter entries, stored beside the seller's state and
/// written only when the entries changed since (<see cref="SellerState.Listings"/>,
/// <see cref="SellerState.Reporters"/>) outgrow their bound, so that a listing change or a report
/// writes a small record rather than the whole catalogue or every reporter.
/// </summary>
[GenerateSerializer, Alias("ipguard.SellerListingSnapshot")]
internal sealed class SellerListingSnapshot
{
    [Id(0)] public Dictionary<string, SellerListingEntry> Listings { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<string, SellerReporterEntry> Reporters { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One verification outcome in the seller's history.</summary>
[GenerateSerializer, Alias("ipguard.VerificationRecord")]
internal sealed record VerificationRecord(
    [property: Id(0)] VerificationCheck Check,
    [property: Id(1)] VerificationOutcome Outcome,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string EventId);

/// <summary>A listing of the seller as the seller carries it.</summary>
[GenerateSerializer, Alias("ipguard.SellerListingEntry")]
internal sealed record SellerListingEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] string? BrandId,
    [property: Id(2)] ListingStatus Status,
    [property: Id(3)] int Score,
    [property: Id(4)] RemovedBy? RemovedBy,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] int BrandNotices = 0,
    [property: Id(7)] string? ConfirmedBy = null,
    [property: Id(8)] bool RemovedBySeller = false,
    [property: Id(9)] int Signals = 0,
    [property: Id(10)] DateTimeOffset? ListedAt = null);

/// <summary>A distinct reporter of the seller or one of its listings.</summary>
[GenerateSerializer, Alias("ipguard.SellerReporterEntry")]
internal sealed record SellerReporterEntry(
    [property: Id(0)] ReporterKind Kind,
    [property: Id(1)] ReportReason Reason,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? ListingId,
    [property: Id(4)] double Weight = 1.0,
    [property: Id(5)] string? Details = null);

/// <summary>An infringement a moderator or the process confirmed.</summary>
[GenerateSerializer, Alias("ipguard.ConfirmedInfringement")]
internal sealed record ConfirmedInfringement(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? ListingId,
    [property: Id(2)] string Source);
