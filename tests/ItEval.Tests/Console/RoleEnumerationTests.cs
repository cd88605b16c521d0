using System.Net;
using System.Net.Http.Headers;
using ItEval.Accounts;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Console;

/// <summary>
/// Every page and API endpoint that needs a signed-in caller, read from the app's endpoint data source
/// (so a new one is covered without touching this test): anonymous → sign-in page (pages) or 401 (API),
/// wrong role → 403, right role → 2xx for what reads (and never 401/403 for what writes).
/// </summary>
public sealed class RoleEnumerationTests
{
    [Fact]
    public async Task Every_protected_page_and_endpoint_lets_in_exactly_the_right_roles()
    {
        await using var host = await UnitPageHost.StartAsync(units: 2, ApiKeys.Settings());
        var token = await host.TokenAsync("u0001");
        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync($"/u/{token}/form", UnitPageHost.File(await host.FilledFormAsync(token), "phieu.xlsx"))).StatusCode);
        var version = (await host.App.Services.GetRequiredService<ItEval.Uploads.UnitUploads>().ListAsync(UnitPageHost.CycleId, "u0001", CancellationToken.None))[0].Id;
        await host.PublishAsync();
        var values = new Dictionary<string, string>
        {
            ["id"] = UnitPageHost.CycleId, ["Id"] = UnitPageHost.CycleId, ["cycleId"] = UnitPageHost.CycleId, ["CycleId"] = UnitPageHost.CycleId,
            ["unitId"] = "u0001", ["UnitId"] = "u0001", ["versionId"] = version, ["edition"] = "1",
            // Events take any name (an unknown one is 404, after the role check); documents need a real one.
            ["name"] = ItEval.Publication.RankingPdf.FileName, ["kind"] = "announcement",
            // A visit plan change for a member or a team that does not exist is refused (422), after the role check.
            ["memberId"] = "khong-co", ["teamId"] = "khong-co",
        };
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = Client(host, null),
            ["admin-key"] = Client(host, ApiKeys.Admin),
            ["appraiser-key"] = Client(host, ApiKeys.Appraiser),
        };
        var admin = new ConsoleClient(host.App);
        await admin.SignInAsync("cntt", await ConsoleClient.AccountAsync(host.App, "cntt", Roles.Admin));
        var appraiser = new ConsoleClient(host.App);
        // A member of the appraisal team (same email), so the pages of the units on their visits open.
        await appraiser.SignInAsync("tham-dinh", await ConsoleClient.AccountWithEmailAsync(host.App, "tham-dinh", "an@tinh.gov.vn", Roles.Appraiser));

        var checkedEndpoints = 0;
        foreach (var endpoint in host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (authorize.Count == 0 || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                // Open to everyone by design, and nothing else: a page or endpoint that forgot its role fails here.
                Assert.True(Public(endpoint.RoutePattern.RawText!), $"{endpoint.RoutePattern.RawText} needs no sign-in but is not meant to be public");
                continue;
            }

            var adminOnly = authorize.Any(a => a.Policy == ItEval.Web.Authentication.AdminPolicy);
            var api = endpoint.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal);
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+)[^}]*\}", m => Uri.EscapeDataString(values[m.Groups[1].Value]));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                checkedEndpoints++;
                var reads = method == "GET";
                using var anonymous = await Send(clients["anonymous"], method, path);
                if (api)
                {
                    Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} anonymous: {(int)anonymous.StatusCode}");
                }
                else
                {
                    Assert.True(anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location!.ToPath().StartsWith("/sign-in", StringComparison.Ordinal),
                        $"{method} {path} anonymous: {(int)anonymous.StatusCode} {anonymous.Headers.Location}");
                }

                using var wrong = await Send(api ? clients["appraiser-key"] : appraiser.Http, method, path);
                using var right = await Send(api ? clients["admin-key"] : admin.Http, method, path);
                if (adminOnly)
                {
                    var denied = api ? wrong.StatusCode == HttpStatusCode.Forbidden
                        : wrong.StatusCode == HttpStatusCode.Redirect && wrong.Headers.Location!.ToPath().StartsWith("/access-denied", StringComparison.Ordinal);
                    Assert.True(denied, $"{method} {path} as appraiser: {(int)wrong.StatusCode} {wrong.Headers.Location}");
                }
                else
                {
                    Assert.True(!reads || (int)wrong.StatusCode is >= 200 and < 300, $"{method} {path} as appraiser: {(int)wrong.StatusCode} {wrong.Headers.Location}");
                }

                Assert.True(reads ? (int)right.StatusCode is >= 200 and < 300 : right.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{method} {path} as admin: {(int)right.StatusCode} {right.Headers.Location} {string.Join("\n", host.Logs.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(3))}");
            }
        }

        Assert.True(checkedEndpoints > 30, $"only {checkedEndpoints} endpoints were checked");
        Assert.Equal(HttpStatusCode.Forbidden, (await appraiser.Http.GetAsync(new Uri("/access-denied", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// What anyone may open: signing in, the language switch, health, the unit's page behind its link, static assets, the email
    /// provider's webhook (signed), the published results (công khai) with their documents and the check of a copy.
    /// </summary>
    private static bool Public(string route) =>
        route is "/" or "/sign-in" or "/sign-out" or "/access-denied" or "/language/{lang}" or "/api/health" or "/api/email/events" or "/assets/{name}"
            or "/results/{Id}" or "/results/{id}/editions/{edition}/{name}" or "/results/{id}/verify"
        || route.StartsWith("/u/{token}", StringComparison.Ordinal) || route.StartsWith("/dev/mail", StringComparison.Ordinal)
        || route == "/_framework/opaque-redirect";

    private static HttpClient Client(UnitPageHost host, string? key)
    {
        var client = host.Client();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));
}
