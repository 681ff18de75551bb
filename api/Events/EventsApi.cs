using System.Security.Claims;
using System.Text.Json;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.GrainInterfaces;

namespace IpGuard.Api.Events;

/// <summary>The durable event log, for marketplace systems that act on decisions.</summary>
internal static class EventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/events", List).WithTags("Events").RequireAuthorization(Policies.EventsReader)
            .WithName("ListEvents")
            .WithSummary("Events after a cursor, oldest first: seller decisions, listing statuses, cases. A brand key sees only listing.status_changed of its brand's listings")
            .Produces<EventList>()
            .Answers(400, "A malformed cursor, an unknown type, or a limit outside 1–1000.")
            .Answers(410, "The cursor is past retention (IpGuard:Events:Retention): events after it are gone. Start again without after.")
            .AddOpenApiOperationTransformer((operation, _, _) => QueryDocs.Describe(operation,
                ("after", QueryDocs.Text("The cursor of a previous page's next; absent: from the oldest event kept.")),
                ("limit", QueryDocs.Integer(1, MaxLimit, DefaultLimit)),
                ("types", QueryDocs.Text($"Comma-separated event types ({string.Join(", ", EventTypes.All)}); absent: all."))));
        return routes;
    }

    private static async Task<IResult> List(string? after, string? limit, string? types, ClaimsPrincipal user, IGrainFactory grains)
    {
        var v = new Validation();
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > MaxLimit))
        {
            v.Add("limit", $"must be 1–{MaxLimit}");
        }

        var wanted = ParseTypes(types, v);
        if (after is not null && after.Length is 0 or > 4096)
        {
            v.Add("after", "must be the next of a previous page");
        }

        if (!v.IsValid)
        {
            return v.Problem();
        }

        // A brand key sees its own brand's listings only; events and admin keys see everything.
        IReadOnlyList<string>? brands = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Events) ? null : Roles.BrandsOf(user);
        var page = await grains.GetGrain<IEventReaderGrain>(0).Read(new EventQuery(after, count, wanted, brands));
        return page.Status switch
        {
            EventPageStatus.BadCursor => Problems.Validation(new Dictionary<string, string[]> { ["after"] = ["is not a cursor of this log"] }),
            EventPageStatus.Gone => Problems.Problem(410, "cursor-expired", "Cursor past retention", "Events after this cursor were dropped by retention; read again without after."),
            _ => TypedResults.Ok(new EventList([.. page.Items.Select(e => EventItem.Of(e.Event))], page.Next)),
        };
    }

    /// <summary>A comma-separated list of known types; empty for none given.</summary>
    internal static IReadOnlyList<string> ParseTypes(string? types, Validation v)
    {
        if (types is null)
        {
            return [];
        }

        var list = types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0 || list.Any(t => !EventTypes.IsKnown(t)))
        {
            v.Add("types", $"must be a comma-separated list of {string.Join(", ", EventTypes.All)}");
        }

        return list;
    }
}

/// <summary>The answer of GET /v1/events.</summary>
public sealed record EventList(IReadOnlyList<EventItem> Items, string Next);

/// <summary>One event: the envelope webhooks receive too. Data is per type (api.md, "Events and webhooks").</summary>
public sealed record EventItem(string Id, string Type, DateTimeOffset At, JsonElement Data)
{
    internal static EventItem Of(LoggedEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new EventItem(e.Id, e.Type, e.At, data.RootElement.Clone());
    }
}
