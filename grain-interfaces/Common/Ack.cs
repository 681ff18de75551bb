namespace IpGuard.GrainInterfaces;

/// <summary>The answer to an idempotent write: the result, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("ipguard.Ack`1")]
public sealed record Ack<T>(AckStatus Status, T? Value, string? Problem) where T : class
{
    public static Ack<T> Applied(T value) => new(AckStatus.Applied, value, null);
    public static Ack<T> Duplicate(T value) => new(AckStatus.Duplicate, value, null);
    public static Ack<T> Conflict(string problem) => new(AckStatus.Conflict, null, problem);
    public static Ack<T> NotFound(string problem) => new(AckStatus.NotFound, null, problem);
    public static Ack<T> Forbidden(string problem) => new(AckStatus.Forbidden, null, problem);
}
