using IpGuard.GrainInterfaces;
using IpGuard.Silo;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace IpGuard.Api.Operations;

/// <summary>Ready when a silo answers a grain call.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await grains.GetGrain<IHealthGrain>(0).Ping().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"silo {silo} answered");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("no silo answered", e);
        }
    }
}

/// <summary>Ready when the configured Redis answers PING; one shared connection, made lazily.</summary>
internal sealed class RedisHealthCheck(IConfiguration configuration) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = configuration[$"{IpGuardOptions.Section}:Redis"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return HealthCheckResult.Healthy("state in memory (no Redis configured)");
        }

        try
        {
            var connection = await ConnectAsync(connectionString);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            return HealthCheckResult.Healthy($"redis answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("redis did not answer", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync();
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(IpGuardSilo.RedisConfiguration(connectionString));
        }
        finally
        {
            _connecting.Release();
        }
    }
}
