using System.Text.Json;
using ItEval.Cycle;
using ItEval.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Engine;

namespace ItEval.Tests.Functions;

/// <summary>host.json and the function folders agree with the app they start and feed.</summary>
public sealed class FunctionFilesTests
{
    private static readonly string Functions = Path.Combine(RepositoryRoot.Find(), "functions");

    [Fact]
    public void The_host_starts_the_app_s_own_binary_and_forwards_HTTP_without_a_prefix()
    {
        using var host = Read("host.json");
        var handler = host.RootElement.GetProperty("customHandler");

        Assert.Equal(typeof(Program).Assembly.GetName().Name, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void The_host_poisons_a_work_item_after_as_many_deliveries_as_the_app_does()
    {
        using var host = Read("host.json");
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(WorkRunner.MaxDeliveries, queues.GetProperty("maxDequeueCount").GetInt32());
        // The app writes base64 messages (Storage/StorageConnection): the trigger must read them the same way.
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.InRange(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Every_trigger_function_has_its_route_in_the_app_and_reads_the_queue_named_by_the_startup_check()
    {
        var triggers = TriggerFunctions();
        using var workQueue = Read(Path.Combine("WorkQueue", "function.json"));
        var binding = workQueue.RootElement.GetProperty("bindings")[0];

        Assert.Equal(["TimerSweep", "WorkQueue"], triggers.Order(StringComparer.Ordinal));
        Assert.Equal($"%{StartupChecks.WorkQueueNameSetting}%", binding.GetProperty("queueName").GetString());
        Assert.Equal(ItEval.Storage.StorageConnection.SettingName, binding.GetProperty("connection").GetString());
    }

    [Fact]
    public void The_HTTP_function_accepts_every_method_the_app_answers()
    {
        using var http = Read(Path.Combine("Http", "function.json"));
        var allowed = http.RootElement.GetProperty("bindings")[0].GetProperty("methods").EnumerateArray()
            .Select(m => m.GetString()!.ToUpperInvariant()).ToHashSet();
        using var app = new Infrastructure.ItEvalApp(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        var answered = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            .ToHashSet();

        // HEAD is answered for mail scanners that check a unit's link before a person opens it.
        Assert.Contains("HEAD", answered);
        Assert.Empty(answered.Except(allowed));
    }

    /// <summary>Function folders whose trigger is not HTTP: the host invokes the app at /{folder}.</summary>
    public static IReadOnlyList<string> TriggerFunctions() =>
        Directory.GetDirectories(Functions)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Where(d => !File.ReadAllText(Path.Combine(d, "function.json")).Contains("\"httpTrigger\"", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList()!;

    private static JsonDocument Read(string relative) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Functions, relative)));
}
