using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace IpGuard.Silo;

/// <summary>
/// The log levels every IpGuard host starts from. They sit beneath every other configuration
/// source, so appsettings.json, environment variables and the command line still override each
/// one, and a process that reads no appsettings.json (the silo host, or the api started from
/// another directory, as bench/run does) logs as the shipped one does: start-up and lifetime
/// lines, warnings and errors, and nothing per request or per grain activation.
/// </summary>
public static class IpGuardLogging
{
    /// <summary>Category levels, as <c>Logging:LogLevel:*</c> keys; the api's appsettings.json states the same.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

        // Logging at any level here makes ASP.NET Core start an Activity for every request.
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
        ["Logging:LogLevel:Orleans"] = "Warning",

        // Orleans places every new activation through a Polly resilience pipeline whose telemetry
        // logs two Information entries each time ("Execution attempt", "Resilience pipeline
        // executed"), four console lines for each activation.
        // Retries and failures are Warning and above, so they still show.
        ["Logging:LogLevel:Polly"] = "Warning",

        // IHttpClientFactory's clients log four Information lines for every request they send:
        // every webhook delivery, one per event a webhook follows.
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    /// <summary>Puts <see cref="Defaults"/> beneath the configuration's other sources.</summary>
    public static IConfigurationBuilder AddIpGuardLogDefaults(this IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return configuration;
    }
}
