using Microsoft.AspNetCore.Diagnostics;

namespace IpGuard.Api.Http;

/// <summary>
/// Maps exceptions to answers: a storage or cluster failure is a 503 with Retry-After (nothing
/// was acknowledged, so the client retries with the same eventId); anything else is a 500
/// that reveals no internals.
/// </summary>
internal static partial class Failures
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var name = e.GetType().FullName ?? "";
            if (e is TimeoutException or OperationCanceledException
                || e is StackExchange.Redis.RedisException
                || e is Orleans.Storage.InconsistentStateException
                || e is Orleans.Runtime.SiloUnavailableException
                || e is Orleans.Runtime.OrleansMessageRejectionException
                || name.EndsWith("StorageException", StringComparison.Ordinal)
                || name.Contains("ConnectionFailed", StringComparison.Ordinal)
                || name.Contains("ClusterClient", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The app's exception handler: 503 for storage trouble, else 500.</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("IpGuard.Api.Failures");
        if (exception is BadHttpRequestException bad)
        {
            await Problems.Problem(bad.StatusCode, "bad-request", "Bad request", "The request could not be read.").ExecuteAsync(context);
            return;
        }

        if (exception is not null && IsTransient(exception))
        {
            LogStorage(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
            await Problems.StorageUnavailable().ExecuteAsync(context);
            return;
        }

        if (exception is not null)
        {
            LogUnexpected(logger, exception);
        }

        await Problems.Unexpected().ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage or cluster unavailable for {Method} {Path}: {ExceptionType}")]
    private static partial void LogStorage(ILogger logger, string method, string path, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure")]
    public static partial void LogUnexpected(ILogger logger, Exception exception);
}
