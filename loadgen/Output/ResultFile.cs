using System.Text.Json;
using IpGuard.LoadGen.Http;
using IpGuard.LoadGen.Scenarios;

namespace IpGuard.LoadGen.Output;

/// <summary>The <c>--out</c> JSON file: the result as the API's conventions name it.</summary>
internal static class ResultFile
{
    public static async Task WriteAsync(string path, ScenarioResult result, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, WireJson.Indented, cancellationToken);
    }

    public static async Task<ScenarioResult> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ScenarioResult>(file, WireJson.Indented, cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no result");
    }
}
