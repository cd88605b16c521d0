using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Hosting;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ItEval.Engine;

namespace ItEval.Tests.Web;

/// <summary>
/// Custom-handler mode: the Functions host POSTs trigger invocations; the same handlers run. Payloads are
/// shaped as https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers shows them
/// ("Request payload": Data by binding name, Metadata with DequeueCount as a number and a sys object).
/// </summary>
public sealed class FunctionTriggerTests
{
    /// <summary>The app as the Functions host starts it: the handler port set, the trigger bound to the app's work queue.</summary>
    private static ItEvalApp CustomHandler(TestStorage storage, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        new(new Dictionary<string, string?>
        {
            [ItEval.Storage.StorageConnection.SettingName] = storage.ConnectionString,
            ["Storage:Prefix"] = storage.Names.Prefix,
            [StartupChecks.WorkQueueNameSetting] = storage.Names.WorkQueue,
        })
        {
            EarlySettings = new Dictionary<string, string> { [HostingOptions.CustomHandlerPortVariable] = "7099" },
            TestServices = services,
        };

    /// <summary>A queue trigger invocation as the documentation shows it.</summary>
    private static object QueueInvocation(string message, long dequeueCount) => new
    {
        Data = new { item = message },
        Metadata = new
        {
            DequeueCount = dequeueCount,
            ExpirationTime = "2026-12-08T01:00:00+00:00",
            Id = Guid.NewGuid().ToString(),
            InsertionTime = "2026-12-01T01:00:00+00:00",
            NextVisibleTime = "2026-12-01T01:10:00+00:00",
            PopReceipt = "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
            sys = new { MethodName = "WorkQueue", UtcNow = "2026-12-01T01:00:01Z", RandGuid = Guid.NewGuid().ToString() },
        },
    };

    /// <summary>A timer trigger invocation as the documentation shows it.</summary>
    private static readonly object TimerInvocation = new
    {
        Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } },
        Metadata = new { sys = new { MethodName = "TimerSweep", UtcNow = "2026-12-01T01:00:00Z", RandGuid = Guid.NewGuid().ToString() } },
    };

    [Fact]
    public async Task Queue_and_timer_invocations_from_the_Functions_host_run_the_work_and_the_sweep()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var handler = CustomHandler(storage);
        var engine = handler.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("fn", new CreateCycle(SampleCycles.Definition("fn", 2)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fn", new StartCycle { By = "admin" }, CancellationToken.None);
        var queued = await storage.Queues.GetQueueClient(storage.Names.WorkQueue).ReceiveMessageAsync();
        var client = handler.CreateClient();

        var work = await client.PostAsJsonAsync("/WorkQueue", QueueInvocation(queued.Value.Body.ToString(), 1));
        var sweep = await client.PostAsJsonAsync("/TimerSweep", TimerInvocation);

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
        await using var handler = CustomHandler(storage, services => ItEval.Testing.CountingTransport.Register(services, deliveries));
        var engine = handler.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("fs", new CreateCycle(SampleCycles.Definition("fs", 2)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fs", new StartCycle { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fs", new SuspendCycle("chờ ý kiến lãnh đạo") { By = "admin" }, CancellationToken.None);
        var queue = storage.Queues.GetQueueClient(storage.Names.WorkQueue);
        var item = (await queue.ReceiveMessageAsync()).Value;
        await queue.DeleteMessageAsync(item.MessageId, item.PopReceipt);
        handler.Services.GetRequiredService<WorkRunner>().SuspendedDelay = TimeSpan.Zero;
        var client = handler.CreateClient();
        Task<HttpResponseMessage> Deliver(string body, int dequeueCount) => client.PostAsJsonAsync("/WorkQueue", QueueInvocation(body, dequeueCount));

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
        Assert.Equal(WorkQueue.Parse<WorkItem>(item.Body.ToString()).WorkId, WorkQueue.Parse<WorkItem>(Assert.Single(waiting.Value).Body.ToString()).WorkId);
        Assert.Empty(deliveries.HandedOver);
        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError), (failing.StatusCode, last.StatusCode));
        Assert.True(await engine.QueryAsync("fs", s => s.FailedWork.ContainsKey("fs:0000000002:bogus:0"), CancellationToken.None));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("X-ARR-LOG-ID", "0b7c7f9e-1111-2222-3333-444455556666")]
    [InlineData("DISGUISED-HOST", "iteval.azurewebsites.net")]
    [InlineData("X-Original-URL", "/WorkQueue")]
    public async Task A_request_from_outside_forwarded_to_a_trigger_route_is_refused_and_does_nothing(string header, string value)
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        await using var handler = CustomHandler(storage);
        var engine = handler.Services.GetRequiredService<CycleEngine>();
        await engine.HandleAsync("fx", new CreateCycle(SampleCycles.Definition("fx", 2)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("fx", new StartCycle { By = "admin" }, CancellationToken.None);
        var queued = await storage.Queues.GetQueueClient(storage.Names.WorkQueue).PeekMessageAsync();
        var client = handler.CreateClient();
        client.DefaultRequestHeaders.Add(header, value);

        var work = await client.PostAsJsonAsync("/WorkQueue", QueueInvocation(queued.Value.Body.ToString(), 1));
        var sweep = await client.PostAsJsonAsync("/timersweep", TimerInvocation);
        var garbage = await client.PostAsync("/WorkQueue", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (work.StatusCode, sweep.StatusCode, garbage.StatusCode));
        Assert.Equal(CyclePhase.Announcing, await engine.QueryAsync("fx", s => s.Phase, CancellationToken.None));
    }

    [Fact]
    public async Task An_invocation_that_is_not_json_answers_400_so_the_host_retries_it()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var handler = CustomHandler(storage);

        var response = await handler.CreateClient().PostAsync("/WorkQueue", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
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
