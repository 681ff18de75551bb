using IpGuard.GrainInterfaces;
using IpGuard.Grains;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using IpGuard.Api.Auth;
using IpGuard.Api.Brands;
using IpGuard.Api.Cases;
using IpGuard.Api.Dashboard;
using IpGuard.Api.Events;
using IpGuard.Api.Webhooks;
using IpGuard.Api.Live;
using Orleans.Dashboard;
using IpGuard.Api.Transparency;
using IpGuard.Api.Http;
using IpGuard.Api.Listings;
using IpGuard.Api.OpenApi;
using IpGuard.Api.Operations;
using IpGuard.Api.PolicyLab;
using IpGuard.Api.Outcomes;
using IpGuard.Api.Reports;
using IpGuard.Api.Sellers;
using IpGuard.Silo;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace IpGuard.Api.Hosting;

/// <summary>Composes the api: Orleans (embedded silo or client), auth, JSON, telemetry and routes.</summary>
public static partial class IpGuardApi
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddIpGuardApi();
        var app = builder.Build();
        app.MapIpGuardApi();
        return app;
    }

    public static WebApplicationBuilder AddIpGuardApi(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddIpGuardLogDefaults();
        var options = builder.Configuration.GetSection(IpGuardOptions.Section).Get<IpGuardOptions>() ?? new IpGuardOptions();
        options.Validate();
        builder.AddIpGuardOrleans(options);
        builder.Services.AddOptions<IpGuardOptions>().BindConfiguration(IpGuardOptions.Section);
        if (options.IsClientMode)
        {
            // An embedded silo binds these itself (the api reads AllowedHosts).
            builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Body.MaxBytes);
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddIpGuardOpenApi();

        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(IpGuardOptions.Section)
            .Configure(keys => keys.DevelopmentKeys = keys.DevelopmentKeys != false && (!options.IsClientMode || builder.Environment.IsDevelopment()));
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IpGuardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new IngestAdmission(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdmissionOptions>>().Value, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(Policies.Add);

        builder.Services.AddIpGuardRateLimits(builder.Configuration);
        builder.Services.AddSingleton<IpGuardMetrics>();
        builder.Services.TryAddSingleton<GrainRefs>();
        builder.Services.AddSingleton<FeedHub>();
        builder.Services.AddHostedService<FeedPump>();
        builder.Services.AddSingleton<RedisHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [OperationsApi.ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [OperationsApi.ReadyTag]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ipguard-api"))
            .WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(IpGuardMetrics.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapIpGuardApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Failures.HandleAsync });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseIpGuardRateLimits();
        app.UseAuthorization();

        app.MapOperationsApi();
        app.MapSellersApi();
        app.MapListingsApi();
        app.MapReportsApi();
        app.MapBrandsApi();
        app.MapNoticesApi();
        app.MapScansApi();
        app.MapCasesApi();
        app.MapModerationApi();
        app.MapPoliciesApi();
        app.MapLiveApi();
        app.MapOutcomesApi();
        app.MapEventsApi();
        app.MapWebhooksApi();
        app.MapDashboardPage();
        if (app.Services.GetRequiredService<IOptions<IpGuardOptions>>().Value.OrleansDashboard)
        {
            // The Orleans dashboard's own pages and JSON are not this api's contract: left out of the OpenAPI document.
            app.MapOrleansDashboard("/orleans").RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        }

        return app;
    }

    private static void AddIpGuardOrleans(this WebApplicationBuilder builder, IpGuardOptions options)
    {
        if (options.IsClientMode)
        {
            builder.UseOrleansClient(client =>
            {
                client.UseIpGuardClient(options);
                if (options.OrleansDashboard)
                {
                    client.AddDashboard();
                }
            });
            builder.Services.AddSingleton(ICheckoutReadModel.None);
            return;
        }

        builder.UseOrleans(silo => silo.UseIpGuard(builder.Configuration));
        if (!options.UsesRedisStorage)
        {
            builder.Services.AddHostedService<MemoryStorageWarning>();
        }
    }

    /// <summary>Says at start that state is in memory and will not survive a restart.</summary>
    private sealed partial class MemoryStorageWarning(ILogger<MemoryStorageWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogMemory(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "IpGuard:Redis is not set: grain state is kept in memory and is lost on restart (development only).")]
        private static partial void LogMemory(ILogger logger);
    }
}
