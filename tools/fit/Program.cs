using System.Globalization;
using IpGuard.Grains;
using IpGuard.Fit;
using IpGuard.Grains.Scoring;

const string Usage = """
    usage: dotnet run --project tools/fit -- (--api URL [--api-key KEY] | --in outcomes.ndjson) [options]

    Fits the risk policy's factor weights to labelled outcomes (GET /v1/outcomes) and writes a
    candidate policy document, to be reviewed like code and PUT at /v1/policies/{version}.

      --api URL               read every outcome the api keeps (admin key, default dev-admin)
      --in FILE               read an NDJSON export instead (one outcome a line, as GET /v1/outcomes lists them)
      --save FILE             also write the outcomes read as NDJSON (the data a committed policy was fit on)
      --base FILE             the policy to start from (a policy document; default: the shipped policy)
      --version V             the candidate's version (default 2026.12-fit.1)
      --out FILE              where to write it (default policies/<version>.json)
      --source TEXT           what the outcomes are, for the note (default: where they were read from)
      --anchor-probability P  a listing at its removal threshold, a seller at restrict, is infringing with P (default 0.9)
      --prior-outcomes N      pseudo-outcomes per factor that vote for the base weight (default 20)
      --max-ratio R           a weight stays within 0..R times the base weight (default 2)
      --l2 X                  L2 penalty of the logistic regression (default 1)
    """;

try
{
    var a = Args.Parse(args);
    List<string> lines;
    string from;
    if (a.Api is { } api)
    {
        lines = await OutcomeReader.ExportAsync(api, a.ApiKey, CancellationToken.None);
        from = $"GET {api}v1/outcomes";
    }
    else
    {
        lines = [.. File.ReadLines(a.In!)];
        from = Path.GetFileName(a.In!);
    }

    if (a.Save is { } save)
    {
        await File.WriteAllLinesAsync(save, lines);
    }

    var examples = OutcomeReader.Parse(lines);
    var basePolicy = a.Base is { } b ? PolicyDocument.Read(await File.ReadAllTextAsync(b)) : new RiskPolicy();
    var (policy, reports) = PolicyFit.Fit(examples, basePolicy, a.Version, a.Options);
    var note = FitNote.Of(reports, basePolicy, a.Options, a.Source ?? from);
    var output = a.Out ?? Path.Combine("policies", $"{a.Version}.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, PolicyDocument.Write(policy, note));

    Console.WriteLine(FitNote.Table(reports, basePolicy));
    Console.WriteLine($"wrote {output} ({a.Version}): {note}");
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"fit: {e.Message}\n\n{Usage}");
    return 2;
}
catch (Exception e) when (e is FormatException or IOException or HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"fit: {e.Message}");
    return 1;
}

/// <summary>The command line.</summary>
internal sealed record Args(Uri? Api, string ApiKey, string? In, string? Save, string? Base, string Version, string? Out, string? Source, FitOptions Options)
{
    public static Args Parse(string[] args)
    {
        Uri? api = null;
        string apiKey = "dev-admin", version = "2026.12-fit.1";
        string? input = null, save = null, basePolicy = null, output = null, source = null;
        var options = new FitOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"{name} needs a number");
            switch (name)
            {
                case "--api": api = Uri.TryCreate(Value(), UriKind.Absolute, out var u) ? u : throw new ArgumentException("--api needs an absolute URL"); break;
                case "--api-key": apiKey = Value(); break;
                case "--in": input = Value(); break;
                case "--save": save = Value(); break;
                case "--base": basePolicy = Value(); break;
                case "--version": version = Value(); break;
                case "--out": output = Value(); break;
                case "--source": source = Value(); break;
                case "--anchor-probability":
                    options = options with { AnchorProbability = Number() is var p and > 0.5 and < 1 ? p : throw new ArgumentException("--anchor-probability must be between 0.5 and 1") };
                    break;
                case "--prior-outcomes": options = options with { PriorOutcomes = Number() is var n and >= 0 ? n : throw new ArgumentException("--prior-outcomes must be ≥ 0") }; break;
                case "--max-ratio": options = options with { MaxRatio = Number() is var r and >= 1 ? r : throw new ArgumentException("--max-ratio must be ≥ 1") }; break;
                case "--l2": options = options with { L2 = (float)(Number() is var l and >= 0 ? l : throw new ArgumentException("--l2 must be ≥ 0")) }; break;
                case "-h" or "--help": throw new ArgumentException("usage");
                default: throw new ArgumentException($"unknown option '{name}'");
            }
        }

        if ((api is null) == (input is null))
        {
            throw new ArgumentException("give either --api or --in");
        }

        return new Args(api, apiKey, input, save, basePolicy, version, output, source, options);
    }
}
