using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IpGuard.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on a real Kestrel on loopback: it keeps every request it acknowledged, and
/// answers <see cref="FailWith"/> instead while that is set (a receiver that is down or broken).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();
    private long _failures;
    private long _held;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The url to register: {base}/hook.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A status to answer instead of acknowledging (500), or 0 to acknowledge with 200.</summary>
    public int FailWith { get; set; }

    /// <summary>While set, requests get no answer until it completes or they are aborted (a receiver that hangs).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>How many requests were held without an answer.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>How many requests were answered with <see cref="FailWith"/>.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public IReadOnlyList<ReceivedEvent> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (receiver.Hold is { } hold)
            {
                Interlocked.Increment(ref receiver._held);
                await hold.Task.WaitAsync(request.HttpContext.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return Results.StatusCode(503);
            }

            if (receiver.FailWith != 0)
            {
                Interlocked.Increment(ref receiver._failures);
                return Results.StatusCode(receiver.FailWith);
            }

            receiver._received.Enqueue(new ReceivedEvent(
                request.Headers["IpGuard-Event-Id"].ToString(), request.Headers["IpGuard-Event-Type"].ToString(),
                request.Headers["IpGuard-Signature"].ToString(), body));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>Waits (bounded) until the received events satisfy the condition.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ReceivedEvent>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Received))
        {
            Assert.True(DateTime.UtcNow < deadline, $"within {timeout.TotalSeconds:0} s: {what} (received {_received.Count}, failed {Failures})");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One delivery as the receiver saw it.</summary>
public sealed record ReceivedEvent(string EventId, string Type, string Signature, string Body)
{
    /// <summary>The subject ("seller:s-1") and its sequence number, from the id "{subject}:{n}".</summary>
    public (string Subject, long Seq) SubjectSeq()
    {
        var colon = EventId.LastIndexOf(':');
        return (EventId[..colon], long.Parse(EventId[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether IpGuard-Signature is t=..,v1=hex HMAC-SHA256("{t}.{body}") under the secret.</summary>
    public bool SignedWith(string secret)
    {
        var parts = Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{Body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"]))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture)) < 300;
    }
}
