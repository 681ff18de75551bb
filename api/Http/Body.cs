using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace IpGuard.Api.Http;

/// <summary>
/// Reads a JSON body with the contract's answers for bad input: 415 for a media type other than
/// application/json or application/*+json (or a charset other than UTF-8), 413 over 1 MiB, 400
/// for bytes that are not UTF-8, and 400 with the failing field for malformed JSON or wrong types.
/// </summary>
internal static class Body
{
    public const long MaxBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static async Task<BodyResult<T>> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        if (MediaTypes.Classify(request.ContentType, allowNdjson: false) is null)
        {
            return new(null, Problems.UnsupportedMediaType("Send the body as application/json (or application/*+json) in UTF-8."));
        }

        var body = await ReadUtf8Async(request);
        if (body.Problem is not null)
        {
            return new(null, body.Problem);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Utf8.Span, ApiJson.Options);
            return value is null
                ? new(null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }))
                : new(value, null);
        }
        catch (JsonException e)
        {
            return new(null, Malformed(e));
        }
    }

    /// <summary>
    /// The whole body, at most 1 MiB, checked to be UTF-8 and without its byte order mark: 413
    /// over the limit, 400 when any byte sequence is not UTF-8. The check covers every byte
    /// before anything is parsed, because System.Text.Json skips unknown properties without
    /// decoding them, and the batch parses each event alone, so a bad sequence there would
    /// otherwise be accepted, or refuse only its own event while the rest were applied.
    /// </summary>
    public static async Task<RawBody> ReadUtf8Async(HttpRequest request)
    {
        if (TooLarge(request) is { } tooLarge)
        {
            return new(default, tooLarge);
        }

        ReadOnlyMemory<byte> bytes;
        try
        {
            using var buffer = new MemoryStream(request.ContentLength is { } declared and > 0 and <= MaxBytes ? (int)declared : 0);
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            if (buffer.Length > MaxBytes)
            {
                return new(default, Problems.TooLarge("The body is over 1 MiB."));
            }

            bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(default, Problems.TooLarge("The body is over 1 MiB."));
        }

        if (!Utf8.IsValid(bytes.Span))
        {
            return new(default, NotUtf8(bytes.Span));
        }

        return new(bytes.Span.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes, null);
    }

    /// <summary>
    /// The one shape of a write handler: read the JSON body, validate it into a command (field
    /// errors answer 400 and nothing runs), then run the command.
    /// </summary>
    public static async Task<IResult> HandleAsync<TRequest, TCommand>(
        HttpRequest request,
        Func<TRequest, Validation, TCommand?> validate,
        Func<TRequest, TCommand, Task<IResult>> run)
        where TRequest : class
        where TCommand : class
    {
        var body = await ReadJsonAsync<TRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var v = new Validation();
        var command = validate(body.Value!, v);
        return command is null ? v.Problem() : await run(body.Value!, command);
    }

    /// <summary>413 when the declared length is over the limit.</summary>
    public static IResult? TooLarge(HttpRequest request) =>
        request.ContentLength > MaxBytes ? Problems.TooLarge("The body is over 1 MiB.") : null;

    /// <summary>Applies the 1 MiB limit to this request's body stream, whatever the server's default.</summary>
    public static void Limit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBytes;
        }
    }

    /// <summary>400 naming where the first sequence that is not UTF-8 starts, so a client can find it in a long batch.</summary>
    private static IResult NotUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        var line = bytes[..offset].Count((byte)'\n') + 1;
        return Problems.Validation(
            new Dictionary<string, string[]> { ["body"] = [$"is not valid UTF-8 at byte {offset} (line {line})"] },
            "The body is not valid UTF-8; nothing was applied.");
    }

    public static IResult Malformed(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        var message = e.InnerException is FormatException or InvalidOperationException or OverflowException
            ? "has a value of the wrong type or out of range"
            : e.Message.Split(" Path:", 2)[0];
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            message = "has a value of the wrong type or out of range";
        }

        return Problems.Validation(new Dictionary<string, string[]> { [path] = [message] }, "The body is not valid JSON for this route.");
    }
}

/// <summary>A parsed body, or the problem that answers it.</summary>
internal readonly record struct BodyResult<T>(T? Value, IResult? Problem) where T : class;

/// <summary>A body's bytes, valid UTF-8 without a byte order mark, or the problem that answers it.</summary>
internal readonly record struct RawBody(ReadOnlyMemory<byte> Utf8, IResult? Problem);
