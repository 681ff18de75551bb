using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace IpGuard.Api.Http;

/// <summary>
/// Reads a JSON body with the contract's answers for bad input: 415 for a wrong content type,
/// 413 over 1 MiB, 400 with the failing field for malformed JSON or wrong types.
/// </summary>
internal static class Body
{
    public const long MaxBytes = 1024 * 1024;

    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    public static async Task<BodyResult<T>> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        if (!IsJson(request))
        {
            return new(null, Problems.UnsupportedMediaType("Send the body as application/json."));
        }

        if (TooLarge(request) is { } tooLarge)
        {
            return new(null, tooLarge);
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, request.HttpContext.RequestAborted);
            return value is null
                ? new(null, Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }))
                : new(value, null);
        }
        catch (JsonException e)
        {
            return new(null, Malformed(e));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge("The body is over 1 MiB."));
        }
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
