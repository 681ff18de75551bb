using IpGuard.LoadGen;
using IpGuard.LoadGen.Output;

// The thin shell: parse, run with the console's progress, print the summary, write the files.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args is ["table", var directory])
{
    Console.Write(await BenchTable.RenderAsync(directory, cancel.Token));
    return 0;
}

if (args is ["detection-table", var runs])
{
    Console.Write(await DetectionTable.RenderAsync(runs, cancel.Token));
    return 0;
}

if (args is [] or ["-h" or "--help" or "help", ..])
{
    Console.WriteLine(CommandLine.Usage);
    return args.Length == 0 ? 2 : 0;
}

IpGuard.LoadGen.Scenarios.LoadConfig config;
try
{
    config = CommandLine.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"loadgen: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

try
{
    var result = await ConsoleView.RunAsync(progress => LoadGenerator.RunAsync(config, progress, cancellationToken: cancel.Token));
    ConsoleView.Summary(result);
    if (config.Out is { } output)
    {
        await ResultFile.WriteAsync(output, result, cancel.Token);
        Console.WriteLine($"wrote {output}");
    }

    if (config.Report is { } report)
    {
        await HtmlReport.WriteAsync(report, result, cancel.Token);
        Console.WriteLine($"wrote {report}");
    }

    return 0;
}
catch (Exception e) when (e is HttpRequestException or IpGuard.LoadGen.Http.ApiException or OperationCanceledException or Orleans.Runtime.OrleansException
    or IpGuard.LoadGen.Scenarios.ClusterUnreachableException)
{
    Console.Error.WriteLine($"loadgen: {e.Message}");
    return 1;
}
