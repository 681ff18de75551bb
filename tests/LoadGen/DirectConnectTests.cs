using System.Diagnostics;
using IpGuard.Tests.Infrastructure;

namespace IpGuard.Tests.LoadGen;

/// <summary>The direct scenario against a port where no gateway listens: the tool must say so and exit, not hang.</summary>
/// <remarks>In the load generator's collection so that its process start does not compete with the timed smoke runs.</remarks>
[Collection(LoadGenCollection.Name)]
public sealed class DirectConnectTests
{
    /// <summary>The bound; the default connect timeout (10 s) plus process start must fit well inside it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact(DisplayName = "loadgen direct --ping with no gateway at the port exits non-zero within 30 s, naming the gateway it could not reach")]
    public async Task NoGatewayFailsFast()
    {
        var port = ApiServer.FreePort();
        var clock = Stopwatch.StartNew();
        var (exitCode, _, error) = await ChildProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "IpGuard.LoadGen.dll"), "direct", "--ping", "--gateway", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1s"],
            Bound);
        var elapsed = clock.Elapsed;
        Assert.True(exitCode != 0, $"exit code {exitCode}; stderr: {error}");
        Assert.Contains("could not join cluster", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.True(elapsed < Bound, $"took {elapsed.TotalSeconds:0.0} s");
    }
}
