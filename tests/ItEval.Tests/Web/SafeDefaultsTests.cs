using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Web;

/// <summary>What every response carries and what it never shows, in every environment.</summary>
public sealed class SafeDefaultsTests
{
    [Theory]
    [InlineData("Testing")]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task An_exception_that_escapes_is_answered_with_problem_details_without_stack_trace_path_or_token(string environment)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var clock = new BreakableClock();
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, ApiKeys.Settings()))
        {
            Environment = environment,
            TestServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        var engine = app.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("c1", new CreateCycle(Cycle.SampleCycles.Definition("c1", 1)) { By = "admin" }, CancellationToken.None);
        var token = (await engine.QueryAsync("c1", s => app.Services.GetRequiredService<ItEval.Links.UnitLinks>().UnitUrl(s, s.Units["u0001"]), CancellationToken.None)).Split("/u/")[1];
        clock.Broken = true;

        using var api = await ApiKeys.Client(app, ApiKeys.Admin).PostAsync(new Uri("/api/cycles/c1/start", UriKind.Relative), null);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, new Uri($"/u/{token}", UriKind.Relative));
        pageRequest.Headers.Accept.ParseAdd("text/html");
        using var page = await app.CreateClient().SendAsync(pageRequest);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.InternalServerError, "application/problem+json"), (api.StatusCode, api.Content.Headers.ContentType?.MediaType));
        Assert.StartsWith("Đã có lỗi ngoài dự kiến", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.False(problem.TryGetProperty("exception", out _));
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("Đã có lỗi ngoài dự kiến", html, StringComparison.Ordinal);
        foreach (var body in new[] { problem.GetRawText(), html })
        {
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("clock broke", body, StringComparison.Ordinal);
            Assert.DoesNotContain("/api/cycles/c1/start", body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_an_explicit_debugging_setting_shows_the_exception()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var clock = new BreakableClock();
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, new Dictionary<string, string?>(ApiKeys.Settings()) { ["Hosting:DetailedErrors"] = "true" }))
        {
            TestServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        var engine = app.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("c1", new CreateCycle(Cycle.SampleCycles.Definition("c1", 1)) { By = "admin" }, CancellationToken.None);
        clock.Broken = true;

        var problem = await (await ApiKeys.Client(app, ApiKeys.Admin).PostAsync(new Uri("/api/cycles/c1/start", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("clock broke", problem.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_that_does_not_answer_is_503_with_a_retry_message()
    {
        await using var storage = await TestStorage.CreateAsync();
        var dead = System.Text.RegularExpressions.Regex.Replace(storage.ConnectionString, @"TableEndpoint=http://127\.0\.0\.1:\d+", $"TableEndpoint=http://127.0.0.1:{LocalPorts.Free()}");
        await using var app = new ItEvalApp(new Dictionary<string, string?>(ApiKeys.Settings())
        {
            ["AzureWebJobsStorage"] = dead,
            ["Storage:Prefix"] = storage.Names.Prefix,
            ["Storage:MaxRetries"] = "0",
        });

        using var response = await ApiKeys.Client(app, ApiKeys.Admin).GetAsync(new Uri("/api/cycles", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("Hệ thống lưu trữ đang gặp sự cố", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_assets_and_every_page_carry_the_same_security_headers()
    {
        await using var host = await UnitPageHost.StartAsync(units: 1);
        var client = host.Client();
        var token = await host.TokenAsync("u0001");

        foreach (var path in new[] { "/api/health", "/api/cycles", "/api/cycles/c2026/history", "/assets/unit.css", $"/u/{token}", "/u/not-a-link", "/no-such-page" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var headers = response.Headers;
            Assert.Equal("nosniff", string.Join(",", headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", string.Join(",", headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", string.Join(",", headers.GetValues("Referrer-Policy")));
            Assert.Contains("frame-ancestors 'none'", string.Join(",", headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal(path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=3600" : "no-store", headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("192.0.2.10", null, HttpStatusCode.NotFound)]
    [InlineData("127.0.0.1", "203.0.113.7", HttpStatusCode.NotFound)]
    public async Task The_development_mailbox_answers_only_requests_from_this_machine(string client, string? forwardedFor, HttpStatusCode expected)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, new Dictionary<string, string?> { ["Email:DevMailbox"] = "true" }))
        {
            ClientAddress = IPAddress.Parse(client),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dev/mail", UriKind.Relative));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        Assert.Equal(expected, (await app.CreateClient().SendAsync(request)).StatusCode);
    }

    private sealed class BreakableClock : TimeProvider
    {
        public bool Broken { get; set; }

        public override DateTimeOffset GetUtcNow() => Broken ? throw new InvalidOperationException("clock broke") : new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    }
}
