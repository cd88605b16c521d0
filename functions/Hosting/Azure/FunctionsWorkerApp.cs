using Azure.Core.Serialization;
using ItEval.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace ItEval.Hosting.Azure;

/// <summary>
/// On Azure: the isolated-worker composition. The Functions host starts this binary (it passes
/// <c>--functions-uri</c>), runs the HTTP, timer, orchestration and activity triggers of
/// <c>functions.metadata</c>, and hands HTTP requests over through ASP.NET Core integration; the app's
/// services and pipeline are the standalone ones (<see cref="AppComposition"/>), and its orchestrations the
/// same classes, run by the host's Durable extension on the Azure Storage provider.
/// </summary>
public static class FunctionsWorkerApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = Build(args);
        if (StartupChecks.Problem(host.Services) is { } problem)
        {
            Console.Error.WriteLine($"ItEval cannot start: {problem}");
            return 1;
        }

        await host.RunAsync();
        return 0;
    }

    /// <summary>The worker's host, not started (a test builds it to check the composition and its pipeline).</summary>
    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        // Orchestration inputs, outputs and events in the JSON the standalone host writes too (DurableJson).
        builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(DurableJson.Options));
        builder.Services.AddSingleton(sp => HostingOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddItEval(builder.Configuration);
        builder.Services.AddItEvalProcessHost(HostingMode.FunctionsWorker);
        builder.Services.AddSingleton<AppPipeline>();
        return builder.Build();
    }
}

/// <summary>
/// The app's whole HTTP pipeline (<see cref="AppComposition.UseItEval"/>) over the worker's services, run for
/// each request the host forwards to the catch-all HTTP function: the console, unit pages and API behave as
/// standalone.
/// </summary>
public sealed class AppPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() => new ApplicationBuilder(services).UseItEval().Build());

    public Task InvokeAsync(HttpContext http)
    {
        // The worker's routing chose the function's endpoint; the app routes the request itself.
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        return _pipeline.Value(http);
    }
}
