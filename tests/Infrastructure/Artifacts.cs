namespace IpGuard.Tests.Infrastructure;

/// <summary>Where tests keep artifacts (screenshots): TestResults/artifacts at the repository root.</summary>
public static class Artifacts
{
    public static string PathFor(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IpGuard.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        var root = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "artifacts");
        Directory.CreateDirectory(root);
        return Path.Combine(root, fileName);
    }
}
