using System.Buffers;
using System.Net;
using System.Text.Json;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Measurement;

namespace IpGuard.LoadGen.Scenarios;

/// <summary>
/// Sends request i of a listing stream: events [i·batch, (i+1)·batch) as one NDJSON batch, or
/// as a single POST /v1/listings when the batch is 1. An event counts when the API acknowledged
/// it (durably); refused items of a batch count as errors under <c>item_{status}</c>.
/// </summary>
internal sealed class IngestSender(HttpClient http, ListingWorkload workload, int batch, string stream)
{
    private readonly int _batch = Math.Clamp(batch, 1, 1000);

    public async ValueTask<Outcome> SendAsync(long index, CancellationToken cancellationToken)
    {
        var first = index * _batch;
        if (_batch == 1)
        {
            var body = ApiHttp.Body(workload.Event(stream, first).ToJson(), ApiHttp.Json);
            var (status, _) = await ApiHttp.SendAsync(http, HttpMethod.Post, "/v1/listings", body, cancellationToken);
            return status == HttpStatusCode.OK ? Outcome.Success(1) : Outcome.Failure((int)status);
        }

        var buffer = new ArrayBufferWriter<byte>(_batch * 220);
        workload.WriteNdjson(buffer, stream, first, _batch);
        var (batchStatus, answer) = await ApiHttp.SendAsync(http, HttpMethod.Post, "/v1/listings/batch", ApiHttp.Body(buffer.WrittenSpan, ApiHttp.Ndjson), cancellationToken);
        return batchStatus == HttpStatusCode.OK ? ReadBatch(answer) : Outcome.Failure((int)batchStatus);
    }

    /// <summary>Reads <c>{"accepted":n,"duplicates":d,"rejected":[{"status":..}]}</c>.</summary>
    public static Outcome ReadBatch(byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        var accepted = root.GetProperty("accepted").GetInt32();
        var rejected = root.GetProperty("rejected");
        if (rejected.GetArrayLength() == 0)
        {
            return Outcome.Success(accepted);
        }

        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in rejected.EnumerateArray())
        {
            var key = $"item_{item.GetProperty("status").GetInt32()}";
            errors[key] = errors.GetValueOrDefault(key) + 1;
        }

        return Outcome.Partial(accepted, errors);
    }
}
