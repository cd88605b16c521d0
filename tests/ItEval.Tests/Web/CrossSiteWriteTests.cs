using System.Net;
using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Tests.Console;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Web;

/// <summary>
/// Issue 25: with an admin's console cookie, every state-changing API route (read from the endpoint data
/// source, so a new one is covered) refuses a write from another origin — the attack: a form posted with an
/// empty body — and the cycle does not move; from the app's own origin, or with an API key, it works.
/// </summary>
public sealed class CrossSiteWriteTests
{
    [Fact]
    public async Task Every_api_write_with_the_console_cookie_from_another_origin_is_refused_and_changes_nothing()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage);
        var engine = app.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("c1", new CreateCycle(Cycle.SampleCycles.Definition("c1", 2)) { By = "admin" }, CancellationToken.None);
        var admin = new ConsoleClient(app);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(app, "cntt", Roles.Admin));

        var writes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is not ("GET" or "HEAD")).Select(m => (Method: m, e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(writes.Count > 20, $"{writes.Count} writes found");
        foreach (var (method, route) in writes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)[^}]*\}", m => m.Groups[1].Value is "id" or "cycleId" ? "c1" : "u0001");
            foreach (var (origin, site) in new[] { ("https://evil.example", "cross-site"), ("http://khac.tinh.gov.vn", "same-site"), ((string?)null, (string?)null) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent([]) };
                if (origin is not null)
                {
                    request.Headers.Add("Origin", origin);
                    request.Headers.Add("Sec-Fetch-Site", site);
                }

                using var response = await admin.Http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} from {origin ?? "a form without Origin"}: {(int)response.StatusCode}");
                Assert.Contains("đến từ một trang khác", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(CyclePhase.Draft, await engine.QueryAsync("c1", s => s.Phase, CancellationToken.None));

        // The same write from the app's own origin goes through.
        using var own = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cycles/c1/start", UriKind.Relative)) { Content = new FormUrlEncodedContent([]) };
        own.Headers.Add("Origin", "http://localhost");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var started = await admin.Http.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.NotEqual(CyclePhase.Draft, await engine.QueryAsync("c1", s => s.Phase, CancellationToken.None));
    }
}
