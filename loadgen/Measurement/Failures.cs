using System.Net.Sockets;

namespace IpGuard.LoadGen.Measurement;

/// <summary>Names a failed request's exception the way the error table counts it.</summary>
internal static class Failures
{
    public static string Classify(Exception e) => e switch
    {
        TaskCanceledException or TimeoutException => "timeout",
        HttpRequestException { InnerException: SocketException s } => $"socket_{s.SocketErrorCode.ToString().ToLowerInvariant()}",
        HttpRequestException { StatusCode: { } status } => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        HttpRequestException => "connection",
        _ => e.GetType().Name,
    };
}
