namespace IpGuard.Api.Dashboard;

/// <summary>
/// The moderators' page at /dashboard: three static files embedded in this assembly, so the
/// page is served the same whatever the working directory, and nothing comes from a CDN.
/// </summary>
internal static class DashboardApi
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        [""] = ("IpGuard.Dashboard.index.html", "text/html; charset=utf-8"),
        ["app.js"] = ("IpGuard.Dashboard.app.js", "text/javascript; charset=utf-8"),
        ["app.css"] = ("IpGuard.Dashboard.app.css", "text/css; charset=utf-8"),
    };

    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/dashboard", () => Serve("")).ExcludeFromDescription();
        routes.MapGet("/dashboard/{file}", (string file) => Serve(file)).ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(string file)
    {
        if (!Files.TryGetValue(file, out var entry))
        {
            return Http.Problems.NotFound($"no dashboard file '{file}'");
        }

        var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream(entry.Resource);
        return stream is null ? Http.Problems.NotFound($"no dashboard file '{file}'") : TypedResults.Stream(stream, entry.ContentType);
    }
}
