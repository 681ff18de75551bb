using System.Net;
using IpGuard.LoadGen.Http;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>Registers the workload's brands, so listings are scored against a real Brand Registry.</summary>
internal static class Brands
{
    public static async Task RegisterAsync(RunContext context, HttpClient http, ListingWorkload workload, CancellationToken cancellationToken)
    {
        context.Progress.Phase($"registering {workload.BrandCount} brands");
        var answers = await Task.WhenAll(Enumerable.Range(0, workload.BrandCount).Select(async b =>
        {
            var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Put, $"/v1/brands/{workload.BrandId(b)}", ApiHttp.Body(workload.BrandBody(b)), cancellationToken);
            return status;
        }));
        if (answers.Any(s => s is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized))
        {
            // Ingest keys cannot write the registry; the stream still runs, scored without brands.
            context.Note("brands not registered: the key lacks the admin role");
        }
        else if (answers.FirstOrDefault(s => s != HttpStatusCode.OK) is var bad && bad != default)
        {
            throw new ApiException(bad, $"PUT /v1/brands answered {(int)bad}");
        }
    }
}
