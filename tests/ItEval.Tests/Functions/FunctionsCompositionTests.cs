using System.Net;
using ItEval.Cycle.Process;
using ItEval.Durable;
using ItEval.Hosting.Azure;
using ItEval.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ItEval.Tests.Functions;

/// <summary>
/// The isolated worker's composition, as the Functions host would start it (Core Tools cannot run here):
/// it builds with the worker's arguments, its services resolve (the durable client comes from the host's
/// binding, no in-process task hub), and the app's pipeline behind the HTTP function answers the
/// health check and a console page exactly as standalone.
/// </summary>
public sealed class FunctionsCompositionTests
{
    [Fact]
    public async Task The_worker_composes_the_app_and_its_http_function_serves_the_same_pipeline()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        using var host = FunctionsWorkerApp.Build(
        [
            "--functions-uri", "http://127.0.0.1:1/", "--functions-worker-id", Guid.NewGuid().ToString(), "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", "2147483647",
            $"--AzureWebJobsStorage={storage.ConnectionString}", $"--Storage:Prefix={storage.Names.Prefix}",
            $"--Forms:SigningKey={Convert.ToBase64String(new byte[32])}", $"--Links:SigningKey={Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())}",
        ]);

        Assert.Null(host.Services.GetService<StandaloneTaskHub>());
        Assert.IsNotType<CoreDurableTaskClient>(host.Services.GetService<DurableTaskClient>());
        Assert.NotNull(host.Services.GetRequiredService<CycleProcessGuard>());

        var pipeline = host.Services.GetRequiredService<AppPipeline>();
        Assert.Equal(HttpStatusCode.OK, await SendAsync(host, pipeline, "/api/health"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(host, pipeline, "/sign-in"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(host, pipeline, "/api/cycles"));
    }

    /// <summary>The Functions host keeps every <c>/admin/…</c> path for its own API and never hands it to a function.</summary>
    [Fact]
    public async Task No_page_or_endpoint_of_the_app_lives_under_the_hosts_reserved_admin_path()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage);
        var routes = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();

        Assert.Contains(routes, r => r.StartsWith("/console", StringComparison.Ordinal));
        Assert.DoesNotContain(routes, r => r.Equals("/admin", StringComparison.OrdinalIgnoreCase) || r.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<HttpStatusCode> SendAsync(IHost host, AppPipeline pipeline, string path)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "GET";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 7071);
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        await pipeline.InvokeAsync(http);
        return (HttpStatusCode)http.Response.StatusCode;
    }
}
