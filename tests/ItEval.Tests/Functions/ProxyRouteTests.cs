using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ItEval.Engine;

namespace ItEval.Tests.Functions;

/// <summary>
/// The HTTP proxy function's route (functions/Http/function.json) forwards every path to the app except
/// the trigger paths. The Functions host matches HTTP trigger routes with ASP.NET Core's classic
/// <see cref="Route"/> and its inline constraint resolver, so the same classes judge the template here.
/// </summary>
public sealed class ProxyRouteTests
{
    private static readonly string Template = ReadRoute();

    [Theory]
    [InlineData("/")]
    [InlineData("/sign-in")]
    [InlineData("/api/health")]
    [InlineData("/u/abc.def/upload")]
    [InlineData("/results/2026-so-ban-nganh")]
    [InlineData("/WorkQueueStatus")]
    [InlineData("/console/WorkQueue")]
    [InlineData("/css/site.css")]
    public async Task The_app_s_paths_are_forwarded(string path) =>
        Assert.True(await MatchesAsync(path), $"{path} should reach the app through the HTTP function ({Template})");

    [Theory]
    [InlineData("/WorkQueue")]
    [InlineData("/TimerSweep")]
    [InlineData("/workqueue")]
    [InlineData("/TIMERSWEEP")]
    [InlineData("/WorkQueue/")]
    [InlineData("/Work%51ueue")]
    public async Task The_trigger_paths_are_not_forwarded(string path) =>
        Assert.False(await MatchesAsync(path), $"{path} must not be forwarded by the HTTP function ({Template})");

    [Fact]
    public async Task No_trigger_function_s_path_is_forwarded()
    {
        foreach (var function in FunctionFilesTests.TriggerFunctions())
        {
            Assert.False(await MatchesAsync("/" + function), $"/{function} is forwarded by the HTTP function ({Template})");
        }
    }

    private static async Task<bool> MatchesAsync(string path)
    {
        var services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();
        var resolver = new DefaultInlineConstraintResolver(services.GetRequiredService<IOptions<RouteOptions>>(), services);
        var matched = false;
        var route = new Route(new RouteHandler(_ => { matched = true; return Task.CompletedTask; }), Template, resolver);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = PathString.FromUriComponent(path);
        var routeContext = new RouteContext(context);
        await route.RouteAsync(routeContext);
        if (routeContext.Handler is not null)
        {
            await routeContext.Handler(context);
        }

        return matched;
    }

    private static string ReadRoute()
    {
        using var function = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "Http", "function.json")));
        return function.RootElement.GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString() == "httpTrigger").GetProperty("route").GetString()!;
    }
}
