using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

public sealed class PoisonTests
{
    [Fact]
    public async Task A_work_item_that_keeps_failing_moves_to_the_poison_queue_and_the_admin_is_told()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        cycle.Pump.Backoff = _ => TimeSpan.Zero;
        await cycle.Do("p", new CreateCycle(Definition("p", 2)) { By = "admin" });
        await cycle.Get<WorkQueue>().EnqueueAsync(new WorkItem("p", "p:0000000001:bogus:0", "bogus", []), CancellationToken.None);

        await cycle.Pump.DrainAsync(CancellationToken.None);

        Assert.Contains("p:0000000001:bogus:0", await PoisonedAsync(storage), StringComparison.Ordinal);
        Assert.Contains("Unknown work kind bogus", await cycle.Query("p", s => s.LastError), StringComparison.Ordinal);
        var history = await cycle.Get<CycleStore>().ReadAsync("p", 0, CancellationToken.None);
        Assert.Single(history, e => e.Event is WorkItemFailed);
        Assert.Single(await cycle.SentAsync("p"), e => e.Kind == EmailKinds.AdminAlert);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"cycleId\": 5}")]
    [InlineData("null")]
    public async Task A_message_that_cannot_be_read_retries_and_reaches_the_poison_queue(string body)
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        cycle.Pump.Backoff = _ => TimeSpan.Zero;
        await cycle.Get<WorkQueue>().Work.SendMessageAsync(body);

        var deliveries = await cycle.Pump.DrainAsync(CancellationToken.None);

        Assert.Equal(WorkPump.MaxDeliveries, deliveries);
        Assert.Contains(JsonSerializer.Serialize(body)[1..^1], await PoisonedAsync(storage), StringComparison.Ordinal);
        Assert.Equal(0, (await cycle.Get<WorkQueue>().Work.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Work_of_a_cycle_whose_history_cannot_be_read_reaches_the_poison_queue()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        cycle.Pump.Backoff = _ => TimeSpan.Zero;
        // A history this build cannot fold (an event type from a newer build).
        await storage.Tables.GetTableClient(storage.Names.CycleEventsTable).AddEntityAsync(new TableEntity("broken", "0000000001")
        {
            ["Type"] = "FromTheFuture", ["Version"] = 1, ["Data"] = "{}", ["At"] = DateTimeOffset.UtcNow, ["By"] = "x",
        });
        await cycle.Get<WorkQueue>().EnqueueAsync(new WorkItem("broken", "broken:0000000002:rank:0", WorkKinds.Rank, []), CancellationToken.None);

        Assert.Equal(WorkPump.MaxDeliveries, await cycle.Pump.DrainAsync(CancellationToken.None));

        Assert.Contains("broken:0000000002:rank:0", await PoisonedAsync(storage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_sees_poisoned_work_and_replays_it_after_the_cause_is_fixed_and_the_cycle_finishes_announcing()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var deliveries = new DeliveryLog { Outage = "SendGrid 503: service unavailable" };
        await using var api = ItEvalApp.On(storage, ApiKeys.Settings(), services => CountingTransport.Register(services, deliveries));
        var engine = api.Services.GetRequiredService<CycleEngine>();
        var pump = api.Services.GetRequiredService<WorkPump>();
        pump.Backoff = _ => TimeSpan.Zero;
        await engine.HandleAsync("r", new CreateCycle(Definition("r", 3)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("r", new StartCycle { By = "admin" }, CancellationToken.None);
        var client = ApiKeys.Client(api, ApiKeys.Admin);

        // The email provider is down through every retry: the announcement (and the alert about it) are poisoned.
        await pump.DrainAsync(CancellationToken.None);
        Assert.Equal(CyclePhase.Announcing, await engine.QueryAsync("r", s => s.Phase, CancellationToken.None));
        var failed = await client.GetFromJsonAsync<JsonElement>("/api/cycles/r/work/failed");
        var items = failed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["announce", "email"], items.Select(i => i.GetProperty("kind").GetString()).Order());
        Assert.All(items, i => Assert.Contains("SendGrid 503", i.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { })).StatusCode);

        deliveries.Outage = null;
        var retried = await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { reason = "SendGrid hoạt động lại" });
        await pump.DrainAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal((CyclePhase.Collecting, 0, (string?)null),
            await engine.QueryAsync("r", s => (s.Phase, s.FailedWork.Count, s.LastError), CancellationToken.None));
        Assert.Empty(deliveries.Duplicates);
        Assert.Equal(3, deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
        Assert.Equal(1, deliveries.Count(id => id.Contains("/admin-alert/", StringComparison.Ordinal)));
        var history = await api.Services.GetRequiredService<CycleStore>().ReadAsync("r", 0, CancellationToken.None);
        var replay = Assert.Single(history, e => e.Event is FailedWorkRetried);
        Assert.Equal(("cntt-admin", "SendGrid hoạt động lại"), (replay.Event.By, ((FailedWorkRetried)replay.Event).Reason));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/cycles/r/work/retry", new { reason = "again" })).StatusCode);
    }

    private static async Task<string> PoisonedAsync(TestStorage storage) =>
        string.Join("\n", (await storage.Queues.GetQueueClient(storage.Names.PoisonQueue).ReceiveMessagesAsync(32)).Value.Select(m => m.Body.ToString()));
}
