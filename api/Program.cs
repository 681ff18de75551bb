using IpGuard.Api.Hosting;

try
{
    await IpGuardApi.Build(args).RunAsync();
    return 0;
}
catch (Exception e)
{
    // The host has logged the failure with its cause (a port in use, a setting refused): a start
    // that fails exits 1, rather than as an unhandled exception, which aborts the runtime.
    await Console.Error.WriteLineAsync($"IpGuard stopped: {e.Message}");
    return 1;
}
