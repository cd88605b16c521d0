using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Hosting;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Tests.Web;

/// <summary>Custom-handler mode: the Functions host POSTs trigger invocations; the same handlers run.</summary>
public sealed class FunctionTriggerTests
{
    [Fact]
    public async Task Queue_and_timer_invocations_from_the_Functions_host_run_the_work_and_the_sweep()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var handler = new ItEvalApp(new Dictionary<string, string?>
        {
            [ItEval.Storage.StorageConnection.SettingName] = storage.ConnectionString,
            ["Storage:Prefix"] = storage.Names.Prefix,
        })
        {
            EarlySettings = new Dictionary<string, string> { [HostingOptions.CustomHandlerPortVariable] = "7099" },
        };
        var engine = handler.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("fn", new CreateCycle(SampleCycles.Definition("fn", 2)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fn", new StartCycle { By = "admin" }, CancellationToken.None);
        var queued = await storage.Queues.GetQueueClient(storage.Names.WorkQueue).ReceiveMessageAsync();
        var client = handler.CreateClient();

        var work = await client.PostAsJsonAsync("/WorkQueue", new
        {
            Data = new { item = queued.Value.Body.ToString() },
            Metadata = new { DequeueCount = "1" },
        });
        var sweep = await client.PostAsJsonAsync("/TimerSweep", new { Data = new { timer = new { } }, Metadata = new { } });

        Assert.Equal(HttpStatusCode.OK, work.StatusCode);
        Assert.Equal(CyclePhase.Collecting, await engine.QueryAsync("fn", s => s.Phase, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Equal("swept 1 cycles", (await sweep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Logs")[0].GetString());
    }

    [Fact]
    public async Task In_standalone_mode_the_trigger_routes_do_not_exist()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var app = ItEvalApp.On(storage);

        var response = await app.CreateClient().PostAsJsonAsync("/TimerSweep", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
