namespace IpGuard.GrainInterfaces;

/// <summary>
/// One labelled example for learning the policy's weights: what judged the subject, whether it
/// was found infringing, and the subject's score, factors and feature values just before the
/// judgment (under <see cref="PolicyVersion"/>), so the label never leaks into its own features.
/// </summary>
/// <param name="Key">Unique per judgment ("case:{caseId}", "scan:{eventId}"): a retried effect records it once.</param>
/// <param name="Outcome">The judgment in the contract's words: confirmed, dismissed, or a scan result.</param>
/// <param name="Factors">The factors' points by code, as the subject's risk view showed them.</param>
/// <param name="Features">Each factor's points divided by its base weight in the policy (see PolicyFeatures).</param>
[GenerateSerializer, Immutable, Alias("ipguard.OutcomeExample")]
public sealed record OutcomeExample(
    [property: Id(0)] string Key,
    [property: Id(1)] OutcomeSource Source,
    [property: Id(2)] OutcomeSubject Subject,
    [property: Id(3)] string SubjectId,
    [property: Id(4)] bool Infringing,
    [property: Id(5)] string Outcome,
    [property: Id(6)] string PolicyVersion,
    [property: Id(7)] int Score,
    [property: Id(8)] Dictionary<string, int> Factors,
    [property: Id(9)] Dictionary<string, double> Features,
    [property: Id(10)] DateTimeOffset At);

/// <summary>A recorded example and its place in the log.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.RecordedOutcome")]
public sealed record RecordedOutcome([property: Id(0)] long Seq, [property: Id(1)] OutcomeExample Example);

/// <summary>A page of the outcome log, oldest first; <see cref="Next"/> is the sequence to continue after.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.OutcomePage")]
public sealed record OutcomePage([property: Id(0)] IReadOnlyList<RecordedOutcome> Items, [property: Id(1)] long Next);
