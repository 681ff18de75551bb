using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IpGuard.GrainInterfaces;

namespace IpGuard.Grains;

/// <summary>Posts one event to a receiver, signed, and says how it went.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, RiskClock clock)
{
    /// <summary>The client for admins' webhooks.</summary>
    public const string Client = "ipguard-webhooks";

    /// <summary>The client for brands' webhooks: it connects to public addresses only.</summary>
    public const string PublicClient = "ipguard-webhooks-public";

    /// <param name="cancellationToken">Stops the send (the webhook was deleted or the silo stops): it throws rather than answering a failure.</param>
    public async Task<(bool Ok, int? Status, string? Error)> SendAsync(WebhookDefinition webhook, LoggedEvent e, CancellationToken cancellationToken = default)
    {
        var body = Envelope(e);
        var t = clock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("IpGuard-Event-Id", e.Id);
        request.Headers.Add("IpGuard-Event-Type", e.Type);
        request.Headers.Add("IpGuard-Signature", $"t={t},v1={Sign(webhook.Secret, t, body)}");
        try
        {
            using var response = await clients.CreateClient(webhook.BrandId is null ? Client : PublicClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return (response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"answered {status}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, null, "no answer within the timeout");
        }
        catch (HttpRequestException ex)
        {
            return (false, null, ex.Message);
        }
    }

    /// <summary>hex(HMAC-SHA256(secret, "{t}.{body}")), the signature's v1.</summary>
    public static string Sign(string secret, string t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>The event as the contract's envelope: {"id","type","at","data"}.</summary>
    public static byte[] Envelope(LoggedEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(e.Data.Length + 160);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            writer.WriteString("type", e.Type);
            writer.WritePropertyName("at");
            JsonSerializer.Serialize(writer, e.At, ContractJson.Options);
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
