using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ItEval.Hosting;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Engine;

namespace ItEval.Tests.Web;

/// <summary>
/// Every endpoint the app maps — read from its endpoint data source, so a new endpoint is covered
/// without touching this test — gets a set of malformed requests. Nothing a client can send is
/// answered 5xx; an anonymous call to the API is 401 before its body is read, whatever the body.
/// </summary>
public sealed class EndpointSweepTests
{
    [Fact]
    public async Task No_malformed_request_to_any_endpoint_is_answered_with_a_server_error()
    {
        var settings = new Dictionary<string, string?>(ApiKeys.Settings()) { ["Email:DevMailbox"] = "true" };
        await using var host = await UnitPageHost.StartAsync(units: 2, settings);
        var values = new Dictionary<string, string[]>
        {
            ["id"] = [UnitPageHost.CycleId, "no-such-cycle", "bad#id"],
            ["unitId"] = ["u0001", "nobody"],
            ["token"] = [await host.TokenAsync("u0001"), "not-a-token"],
            ["name"] = ["submission", "appraisal", "reappraisal", "other", "unit.css", "x.eml"],
            ["kind"] = ["reminder", "none"],
            ["versionId"] = ["v1"],
            ["cycleId"] = [UnitPageHost.CycleId, "bad#id"],
            ["CycleId"] = [UnitPageHost.CycleId],
            ["edition"] = ["1", "0", "x", "99999999999"],
        };

        var answers = await SweepAsync(host.App, values, ApiKeys.Admin);

        Assert.True(answers.Count > 500, $"only {answers.Count} requests were made");
        Assert.Empty(answers.Where(a => a.Status >= 500).Select(a => a.ToString()));
        // The sweep reached the handlers: bodies were refused as bad requests, on the API and on the unit's page.
        Assert.Contains(answers, a => a.Url.StartsWith("/u/", StringComparison.Ordinal) && a.Status == 400);
        Assert.Contains(answers, a => a.Url.StartsWith("/api/cycles/", StringComparison.Ordinal) && a.Status == 400 && a.Payload == "null in every list");
    }

    [Fact]
    public async Task Anonymous_calls_to_the_API_are_refused_before_their_body_is_read_and_appraisers_cannot_use_admin_endpoints()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var app = ItEvalApp.On(storage, ApiKeys.Settings());
        var endpoints = Endpoints(app).Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal)
            && !e.Endpoint.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any()).ToList();
        var values = new Dictionary<string, string[]> { ["id"] = ["c1"], ["unitId"] = ["u1"], ["name"] = ["appraisal"], ["kind"] = ["reminder"] };

        Assert.NotEmpty(endpoints);
        foreach (var (pattern, method, endpoint) in endpoints)
        {
            foreach (var url in Urls(pattern, values))
            {
                foreach (var (payload, content) in Payloads(endpoint))
                {
                    using var anonymous = await SendAsync(app, method, url, content(), key: null);
                    Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} ({payload}) anonymous: {(int)anonymous.StatusCode}");
                }

                var admins = endpoint.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == ItEval.Web.Authentication.AdminPolicy);
                using var appraiser = await SendAsync(app, method, url, new StringContent("{}", Encoding.UTF8, "application/json"), ApiKeys.Appraiser);
                Assert.True(!admins || appraiser.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} as appraiser: {(int)appraiser.StatusCode}");
            }
        }
    }

    private sealed record Answer(string Method, string Url, string Endpoint, string Payload, int Status)
    {
        public override string ToString() => $"{Method} {Url} [{Payload}] → {Status}";
    }

    private static async Task<List<Answer>> SweepAsync(ItEvalApp app, Dictionary<string, string[]> values, string? key, string[]? only = null)
    {
        var answers = new List<Answer>();
        foreach (var (pattern, method, endpoint) in Endpoints(app).Where(e => only is null || only.Contains(e.Pattern)))
        {
            foreach (var url in Urls(pattern, values))
            {
                foreach (var (payload, content) in Payloads(endpoint))
                {
                    using var response = await SendAsync(app, method, url, content(), key);
                    answers.Add(new Answer(method, url, pattern, payload, (int)response.StatusCode));
                }
            }
        }

        return answers;
    }

    private static List<(string Pattern, string Method, RouteEndpoint Endpoint)> Endpoints(ItEvalApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (e.RoutePattern.RawText ?? "", m, e))),
    ];

    /// <summary>The pattern with every combination of the given values for its parameters.</summary>
    private static IEnumerable<string> Urls(string pattern, Dictionary<string, string[]> values)
    {
        IEnumerable<string> urls = ["/" + pattern.TrimStart('/')];
        foreach (var parameter in System.Text.RegularExpressions.Regex.Matches(pattern, @"\{\*{0,2}(\w+)[^}]*\}").Select(m => m))
        {
            var choices = values.GetValueOrDefault(parameter.Groups[1].Value) ?? ["x"];
            urls = urls.SelectMany(url => choices.Select(choice => url.Replace(parameter.Value, Uri.EscapeDataString(choice), StringComparison.Ordinal)));
        }

        return urls;
    }

    private static async Task<HttpResponseMessage> SendAsync(ItEvalApp app, string method, string url, HttpContent? content, string? key)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await client.SendAsync(request);
    }

    /// <summary>What a careless or hostile client sends; the request type (when the endpoint declares one) shapes the wrong-typed ones.</summary>
    private static IEnumerable<(string Name, Func<HttpContent?> Content)> Payloads(RouteEndpoint endpoint)
    {
        HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        yield return ("no body", () => null);
        yield return ("not json", () => Json("not json"));
        yield return ("[]", () => Json("[]"));
        yield return ("{}", () => Json("{}"));
        yield return ("null", () => Json("null"));
        yield return ("2 MB of nesting", () => Json(new string('[', 1_000_000) + new string(']', 1_000_000)));
        yield return ("text/plain", () => new StringContent("reason=x", Encoding.UTF8, "text/plain"));
        yield return ("truncated multipart", () =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"phieu.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004 and then noth"));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
            return content;
        });
        yield return ("5,000 form values", () => new StringContent(string.Join('&', Enumerable.Range(0, 5000).Select(i => $"day=2027-01-{i % 28 + 1:D2}")), Encoding.UTF8, "application/x-www-form-urlencoded"));
        if (endpoint.Metadata.GetMetadata<ItEval.Web.JsonRequestMetadata>()?.RequestType is { } type)
        {
            yield return ("wrong types", () => Json(JsonSerializer.Serialize(Shape(type, Wrong))));
            yield return ("nulls everywhere", () => Json(JsonSerializer.Serialize(Shape(type, _ => null))));
            if (type.GetProperties().Any(p => IsList(p.PropertyType)))
            {
                // Otherwise plausible, so only the lists' nulls are wrong (and a body without lists would be valid: not sent).
                yield return ("null in every list", () => Json(JsonSerializer.Serialize(Shape(type, t => IsList(t) ? new object?[] { null } : Plausible(t)))));
            }
        }
    }

    /// <summary>An object with the request type's properties (camelCase), each given <paramref name="value"/> of its type.</summary>
    private static Dictionary<string, object?> Shape(Type type, Func<Type, object?> value) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => value(p.PropertyType));

    private static object? Wrong(Type type) =>
        type == typeof(string) ? 12345
        : IsList(type) ? new { not = "a list" }
        : Nullable.GetUnderlyingType(type) is { } inner ? Wrong(inner)
        : type.IsPrimitive || type == typeof(decimal) || type.IsEnum ? "not a number"
        : type == typeof(DateOnly) ? "31/12/2026"
        : "not an object";

    private static object? Plausible(Type type) =>
        type == typeof(string) ? "x"
        : Nullable.GetUnderlyingType(type) is { } inner ? Plausible(inner)
        : type == typeof(DateOnly) ? "2027-01-05"
        : type == typeof(bool) ? false
        : type.IsPrimitive || type == typeof(decimal) ? 1
        : null;

    private static bool IsList(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
}
