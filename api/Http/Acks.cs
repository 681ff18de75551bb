using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Http;

/// <summary>Turns a grain's idempotent answer into the contract's status codes.</summary>
internal static class Acks
{
    public static IResult ToResult<T>(Ack<T> ack) where T : class => ack.Status switch
    {
        AckStatus.Applied or AckStatus.Duplicate => TypedResults.Ok(ack.Value),
        AckStatus.Conflict => Problems.Conflict(ack.Problem ?? "conflict"),
        AckStatus.NotFound => Problems.NotFound(ack.Problem ?? "not found"),
        _ => Problems.Unexpected(),
    };
}
