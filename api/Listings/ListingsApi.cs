using IpGuard.Grains;
using System.Text.Json;
using IpGuard.Api.Auth;
using IpGuard.Api.Http;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.GrainInterfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IpGuard.Api.Listings;

/// <summary>Listing ingest (single and batch) and listing risk.</summary>
internal static class ListingsApi
{
    public const int MaxBatch = 1000;


    public static IEndpointRouteBuilder MapListingsApi(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1").WithTags("Listings");

        v1.MapPost("/listings", Upsert).RequireAuthorization(Policies.Ingest)
            .WithName("UpsertListing").WithSummary("A listing was created or changed (upsert); withdrawn when delisted")
            .AcceptsBody<ListingRequest>("application/json").Produces<ListingResult>()
            .Answers(409, "The eventId was used with another body, or the listing belongs to another seller.");
        v1.MapPost("/listings/batch", Batch).RequireAuthorization(Policies.Ingest)
            .WithName("UpsertListingBatch").WithSummary("Up to 1000 listing events as application/x-ndjson or a JSON array; each stands alone")
            .AcceptsBody<ListingRequest[]>("application/json", "application/x-ndjson").Produces<BatchResult>()
            .Answers(400, "The body is not a JSON array (or ndjson) of objects. An invalid event does not fail the batch: it is in `rejected`.")
            .Answers(413, "The body is over 1 MiB, or holds over 1000 events.")
            .Answers(415, "The body is neither application/x-ndjson nor a JSON array.");
        v1.MapGet("/listings/{listingId}/risk", GetRisk).RequireAuthorization(Policies.CheckoutOrModerator)
            .WithName("GetListingRisk").WithSummary("A listing's status, removal, score and factors")
            .Answers(400, "listingId is not a valid id.").Answers(404, "The listing was never seen.");
        return routes;
    }

    private static Task<IResult> Upsert(HttpRequest request, GrainRefs refs, IpGuardMetrics metrics, IngestAdmission admission) =>
        Body.HandleAsync<ListingRequest, ListingUpsert>(request, (body, v) => body.Validate(v), async (body, upsert) =>
        {
            using var lease = await admission.EnterAsync(1, request.HttpContext.RequestAborted);
            if (lease is null)
            {
                metrics.HeldBack();
                return Problems.IngestSaturated();
            }

            var ack = await refs.Listing(body.ListingId!).Upsert(upsert);
            metrics.Ingested("listing", ack.Status, ack.Value?.Seller.Decision);
            return Acks.ToResult(ack);
        });

    private static async Task<IResult> Batch(HttpRequest request, GrainRefs refs, IpGuardMetrics metrics, ILogger<BatchResult> logger,
        Microsoft.Extensions.Options.IOptions<IngestOptions> ingest, IngestAdmission admission)
    {
        var format = MediaTypes.Classify(request.ContentType, allowNdjson: true);
        if (format is null)
        {
            return Problems.UnsupportedMediaType("Send application/x-ndjson (one listing event a line) or a JSON array as application/json, in UTF-8.");
        }

        // The whole body is checked for UTF-8 here, before any event is parsed or applied.
        var body = await Body.ReadUtf8Async(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        List<BatchItem> items;
        try
        {
            items = format == BodyFormat.Ndjson ? BatchItem.FromNdjson(body.Utf8) : BatchItem.FromArray(body.Utf8);
        }
        catch (JsonException e)
        {
            return Body.Malformed(e);
        }

        if (items.Count > MaxBatch)
        {
            return Problems.TooLarge($"A batch holds at most {MaxBatch} events; this one has {items.Count}.");
        }

        var rejected = new List<BatchRejection>();
        var valid = new List<(int Index, string ListingId, ListingUpsert Upsert)>(items.Count);
        foreach (var item in items)
        {
            if (item.Parse(out var upsert, out var listingId) is { } rejection)
            {
                rejected.Add(rejection);
            }
            else
            {
                valid.Add((item.Index, listingId!, upsert!));
            }
        }

        using var lease = await admission.EnterAsync(valid.Count, request.HttpContext.RequestAborted);
        if (lease is null)
        {
            metrics.HeldBack();
            return Problems.IngestSaturated();
        }

        // Events for one listing run in batch order; different listings run concurrently.
        var groups = valid.GroupBy(e => e.ListingId, StringComparer.Ordinal).ToList();
        var accepted = 0;
        var duplicates = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<BatchRejection>();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = ingest.Value.BatchParallelism }, async (group, _) =>
        {
            var grain = refs.Listing(group.Key);
            foreach (var (index, _, upsert) in group)
            {
                try
                {
                    var ack = await grain.Ingest(upsert);
                    metrics.Ingested("listing", ack.Status, ack.Value?.SellerDecision);
                    switch (ack.Status)
                    {
                        case AckStatus.Applied:
                            Interlocked.Increment(ref accepted);
                            break;
                        case AckStatus.Duplicate:
                            Interlocked.Increment(ref accepted);
                            Interlocked.Increment(ref duplicates);
                            break;
                        default:
                            failures.Add(new BatchRejection(index, upsert.EventId, StatusCodes.Status409Conflict, ack.Problem ?? "Conflict", null));
                            break;
                    }
                }
                catch (Exception e) when (Failures.IsTransient(e))
                {
                    failures.Add(new BatchRejection(index, upsert.EventId, StatusCodes.Status503ServiceUnavailable, "Storage unavailable; retry with the same eventId", null));
                }
                catch (Exception e)
                {
                    Failures.LogUnexpected(logger, e);
                    failures.Add(new BatchRejection(index, upsert.EventId, StatusCodes.Status500InternalServerError, "Internal error; retry with the same eventId", null));
                }
            }
        });

        rejected.AddRange(failures);
        rejected.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        return TypedResults.Ok(new BatchResult(accepted, duplicates, rejected));
    }

    private static async Task<Results<Ok<ListingRiskView>, ValidationProblem, ProblemHttpResult>> GetRisk(string listingId, HttpContext context, GrainRefs refs)
    {
        if (!Validation.IsId(listingId))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["listingId"] = ["must be 1–128 characters of A-Z a-z 0-9 . _ : -"] });
        }

        var risk = await refs.Listing(listingId).GetRisk();
        if (risk is null)
        {
            return Problems.NotFound($"listing '{listingId}' was never seen");
        }

        return TypedResults.Ok(Roles.SeesShadow(context.User) ? risk : risk with { Shadow = null });
    }

    /// <summary>One raw event of a batch, parsed on its own so that one bad line rejects only itself.</summary>
    private sealed record BatchItem(int Index, ReadOnlyMemory<byte> Json)
    {
        public static List<BatchItem> FromNdjson(ReadOnlyMemory<byte> bytes)
        {
            var items = new List<BatchItem>();
            var start = 0;
            var span = bytes.Span;
            for (var i = 0; i <= span.Length; i++)
            {
                if (i == span.Length || span[i] == (byte)'\n')
                {
                    var line = bytes.Slice(start, i - start);
                    if (!IsBlank(line.Span))
                    {
                        items.Add(new BatchItem(items.Count, line));
                    }

                    start = i + 1;
                }
            }

            return items;
        }

        public static List<BatchItem> FromArray(ReadOnlyMemory<byte> bytes)
        {
            var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("The body must be a JSON array of listing events.");
            }

            var items = new List<BatchItem>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var begin = (int)reader.TokenStartIndex;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                items.Add(new BatchItem(items.Count, bytes.Slice(begin, end - begin)));
                if (items.Count > MaxBatch)
                {
                    break;
                }
            }

            return items;
        }

        public BatchRejection? Parse(out ListingUpsert? upsert, out string? listingId)
        {
            upsert = null;
            listingId = null;
            ListingRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<ListingRequest>(Json.Span, ApiJson.Options);
            }
            catch (JsonException e)
            {
                var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
                return new BatchRejection(Index, null, 400, "Invalid input", new Dictionary<string, string[]> { [path] = ["is not valid JSON for a listing event"] });
            }

            if (request is null)
            {
                return new BatchRejection(Index, null, 400, "Invalid input", new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });
            }

            var v = new Validation();
            upsert = request.Validate(v);
            if (upsert is null)
            {
                return new BatchRejection(Index, Validation.IsId(request.EventId) ? request.EventId : null, 400, "Invalid input", v.Errors());
            }

            listingId = request.ListingId;
            return null;
        }

        private static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (var b in line)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
