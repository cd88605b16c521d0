using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

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

        for (var round = 0; round < WorkPump.MaxDeliveries + 2; round++)
        {
            await cycle.Pump.DrainAsync(CancellationToken.None);
        }

        var poisoned = await storage.Queues.GetQueueClient(storage.Names.PoisonQueue).ReceiveMessageAsync();
        Assert.Contains("p:0000000001:bogus:0", poisoned.Value.Body.ToString(), StringComparison.Ordinal);
        Assert.Contains("Unknown work kind bogus", await cycle.Query("p", s => s.LastError), StringComparison.Ordinal);
        var history = await cycle.Get<CycleStore>().ReadAsync("p", 0, CancellationToken.None);
        Assert.Single(history, e => e.Event is WorkItemFailed);
        Assert.Single(await cycle.SentAsync("p"), e => e.Kind == EmailKinds.AdminAlert);
    }
}
