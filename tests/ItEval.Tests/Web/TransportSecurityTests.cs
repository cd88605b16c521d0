using System.Net;
using ItEval.Tests.Infrastructure;
using ItEval.Web;

namespace ItEval.Tests.Web;

/// <summary>Issue 25 (ASVS 9.1, 3.4.1): behind TLS the app trusts forwarded headers only from named proxies, marks cookies Secure, redirects to https and sends HSTS in Production.</summary>
public sealed class TransportSecurityTests
{
    private static async Task<HttpResponseMessage> GetAsync(ItEvalApp app, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
    }

    private static string Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? string.Join("\n", cookies) : "";

    [Fact]
    public async Task In_production_behind_a_named_proxy_https_requests_get_secure_cookies_and_hsts()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, new Dictionary<string, string?> { [TransportSecurity.TrustedProxiesSetting] = "10.0.0.4" }))
        {
            Environment = "Production", ClientAddress = IPAddress.Parse("10.0.0.4"),
        };

        using var viaProxy = await GetAsync(app, "/sign-in", ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.Equal(TransportSecurity.Hsts, string.Join(",", viaProxy.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("iteval-af", Cookies(viaProxy), StringComparison.Ordinal);
        Assert.All(Cookies(viaProxy).Split('\n'), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));

        // Plain http through the proxy is sent to https, keeping the path and query.
        using var plain = await GetAsync(app, "/sign-in?ReturnUrl=%2Fconsole", ("X-Forwarded-Proto", "http"), ("X-Forwarded-For", "203.0.113.5"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
        Assert.Equal("https://localhost/sign-in?ReturnUrl=%2Fconsole", plain.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_named_are_ignored()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage, new Dictionary<string, string?> { [TransportSecurity.TrustedProxiesSetting] = "10.0.0.4" }))
        {
            Environment = "Production", ClientAddress = IPAddress.Parse("192.0.2.10"),
        };

        // Someone claiming https (and another address) without being the proxy: still plain http, so redirected, no HSTS.
        using var spoofed = await GetAsync(app, "/sign-in", ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1"));
        Assert.Equal(HttpStatusCode.PermanentRedirect, spoofed.StatusCode);
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Outside_production_plain_http_is_served_without_secure_cookies_or_hsts()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = new ItEvalApp(ItEvalApp.Settings(storage)) { ClientAddress = IPAddress.Parse("192.0.2.10") };

        using var page = await GetAsync(app, "/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", Cookies(page), StringComparison.OrdinalIgnoreCase);
    }
}
