using IpGuard.Silo;
using Microsoft.Extensions.Hosting;

try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddIpGuardLogDefaults();
    builder.UseOrleans(silo => silo.UseIpGuard(builder.Configuration));
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception e)
{
    // The host has logged the failure with its cause (a port in use, Redis unreachable at start):
    // a start that fails exits 1, rather than as an unhandled exception, which aborts the runtime.
    await Console.Error.WriteLineAsync($"IpGuard silo stopped: {e.Message}");
    return 1;
}
