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
    public async Task Work_delivered_by_the_host_waits_while_the_cycle_is_suspended_is_dropped_once_terminated_and_failures_answer_non_2xx()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deliveries = new ItEval.Testing.DeliveryLog();
        await using var handler = new ItEvalApp(new Dictionary<string, string?>
        {
            [ItEval.Storage.StorageConnection.SettingName] = storage.ConnectionString,
            ["Storage:Prefix"] = storage.Names.Prefix,
        })
        {
            EarlySettings = new Dictionary<string, string> { [HostingOptions.CustomHandlerPortVariable] = "7099" },
            TestServices = services => ItEval.Testing.CountingTransport.Register(services, deliveries),
        };
        var engine = handler.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("fs", new CreateCycle(SampleCycles.Definition("fs", 2)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fs", new StartCycle { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fs", new SuspendCycle("chờ ý kiến lãnh đạo") { By = "admin" }, CancellationToken.None);
        var queue = storage.Queues.GetQueueClient(storage.Names.WorkQueue);
        var item = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(item.MessageId, item.PopReceipt);
        handler.Services.GetRequiredService<WorkRunner>().SuspendedDelay = TimeSpan.Zero;
        var client = handler.CreateClient();
        Task<HttpResponseMessage> Deliver(string body, int dequeueCount) => client.PostAsJsonAsync("/WorkQueue", new
        {
            Data = new { item = body },
            Metadata = new { DequeueCount = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });

        var suspended = await Deliver(item.Body.ToString(), 1);
        var waiting = await queue.PeekMessagesAsync(32);
        await engine.HandleAsync("fs", new ResumeCycle { By = "admin" }, CancellationToken.None);
        var bogus = System.Text.Json.JsonSerializer.Serialize(new WorkItem("fs", "fs:0000000002:bogus:0", "bogus", []), CycleJson.Options);
        var failing = await Deliver(bogus, 1);
        var last = await Deliver(bogus, WorkRunner.MaxDeliveries);
        await engine.HandleAsync("fs", new TerminateCycle("kế hoạch hủy") { By = "admin" }, CancellationToken.None);
        var terminated = await Deliver(item.Body.ToString(), 1);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (suspended.StatusCode, terminated.StatusCode));
        // Waiting is a new message (not a failed delivery); the host deletes the one it delivered.
        Assert.Equal(WorkQueue.Parse(item.Body.ToString()).WorkId, WorkQueue.Parse(Assert.Single(waiting.Value).Body.ToString()).WorkId);
        Assert.Empty(deliveries.HandedOver);
        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError), (failing.StatusCode, last.StatusCode));
        Assert.True(await engine.QueryAsync("fs", s => s.FailedWork.ContainsKey("fs:0000000002:bogus:0"), CancellationToken.None));
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
