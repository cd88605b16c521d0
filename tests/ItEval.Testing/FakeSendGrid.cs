using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ItEval.Testing;

/// <summary>
/// A loopback HTTP server with SendGrid's v3 <c>POST /v3/mail/send</c> contract: 202 with
/// X-Message-Id by default, or the scripted answers (400 with an errors body, 429 with
/// X-RateLimit-Reset, 500) in order. It records every request body and its Authorization header
/// (unless <see cref="RecordBodies"/> is off, as in benchmarks that send 100,000 emails).
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _next;

    private FakeSendGrid(WebApplication app) => _app = app;

    public ConcurrentQueue<Func<HttpResponse, Task>> Script { get; } = new();
    public ConcurrentQueue<(JsonElement Body, string? Authorization)> Requests { get; } = new();

    public bool RecordBodies { get; set; } = true;

    /// <summary>The email ids (custom argument <c>iteval_email</c>) of every personalisation in a request answered 202: what the provider accepted.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>How many times the provider accepted the email with this id.</summary>
    public int AcceptedCount(string emailId) => Accepted.Count(id => id == emailId);
    public string Url => _app.Urls.First();

    public static async Task<FakeSendGrid> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A line per request would cost more than the request (a benchmark sends thousands).
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var fake = new FakeSendGrid(app);
        app.MapPost("/v3/mail/send", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            if (fake.RecordBodies)
            {
                fake.Requests.Enqueue((body.RootElement.Clone(), http.Request.Headers.Authorization.ToString()));
            }

            if (fake.Script.TryDequeue(out var answer))
            {
                await answer(http.Response);
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            // A sender that went away before the answer never learns it was accepted; counted as not accepted
            // here (a real provider might have accepted it: the one duplicate window, docs/email.md).
            if (http.Response.StatusCode != StatusCodes.Status202Accepted || http.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            foreach (var personalization in body.RootElement.GetProperty("personalizations").EnumerateArray())
            {
                if (personalization.TryGetProperty("custom_args", out var args) && args.TryGetProperty("iteval_email", out var id))
                {
                    fake.Accepted.Enqueue(id.GetString()!);
                }
            }

            http.Response.Headers["X-Message-Id"] = $"msg-{Interlocked.Increment(ref fake._next)}";
        });
        await app.StartAsync();
        return fake;
    }

    public static Func<HttpResponse, Task> Answer(int status, string? body = null, long? rateLimitReset = null) => async response =>
    {
        response.StatusCode = status;
        if (rateLimitReset is { } reset)
        {
            response.Headers["X-RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (body is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(body);
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
