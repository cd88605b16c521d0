using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Two deliveries of one work item must never hand an email to the provider twice, however they
/// overlap. Every assertion counts what the provider accepted (<see cref="ItEval.Testing.DeliveryLog"/>).
/// </summary>
public sealed class ExactlyOnceEmailTests
{
    private const string Id = "once";

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_item_send_each_email_once()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await using var b = a.Restart();
        b.Get<WorkRunner>().MaxBusyDelay = TimeSpan.Zero;
        await a.Do(Id, new CreateCycle(Definition(Id, 8)) { By = "admin" });
        await a.Do(Id, new StartCycle { By = "admin" });
        // A second copy of the announce item, as a redelivery or a repair would put there.
        var queue = a.Get<WorkQueue>();
        var original = (await queue.Work.PeekMessageAsync()).Value.Body.ToString();
        await queue.EnqueueAsync(WorkQueue.Parse<WorkItem>(original), CancellationToken.None);

        // Instance A takes one copy and is held inside the provider call; B takes the other meanwhile.
        var release = new TaskCompletionSource();
        a.Deliveries.Hold = release.Task;
        var first = a.Pump.PumpOnceAsync(1, 1, CancellationToken.None);
        await a.Deliveries.Entered.Task;
        Assert.Equal(1, await b.Pump.PumpOnceAsync(1, 1, CancellationToken.None));
        release.SetResult();
        await first;
        await a.SettleAsync();
        await b.SettleAsync();

        Assert.Equal(CyclePhase.Collecting, await b.Query(Id, s => s.Phase));
        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(8, a.Deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_second_instance_starting_while_the_first_enqueues_does_not_enqueue_the_same_work_again()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await a.Do(Id, new CreateCycle(Definition(Id, 150)) { By = "admin" });
        var appended = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        a.Steps.OnStep = async (step, _) =>
        {
            if (step == EngineSteps.AfterAppend && !appended.Task.IsCompleted)
            {
                appended.SetResult();
                await release.Task;
            }
        };

        // A has appended "started" and not yet enqueued its two announce items when B starts and sweeps.
        var start = a.Do(Id, new StartCycle { By = "admin" });
        await appended.Task;
        await using var b = a.Restart();
        Assert.Equal(CyclePhase.Announcing, await b.Query(Id, s => s.Phase));
        await b.Sweep.SweepAsync(CancellationToken.None);
        release.SetResult();
        await start;

        var queued = (await a.Get<WorkQueue>().Work.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Assert.Equal(2, queued);
        await Task.WhenAll(a.SettleAsync(), b.SettleAsync());
        Assert.Equal(CyclePhase.Collecting, await b.Query(Id, s => s.Phase));
        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(150, a.Deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_work_item_running_longer_than_its_queue_visibility_is_not_delivered_again()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await using var b = a.Restart();
        // Two seconds of visibility, renewed every half second: a redelivery would need a stall of 1.5 s.
        var visibility = TimeSpan.FromSeconds(2);
        a.Pump.Visibility = visibility;
        await a.Do(Id, new CreateCycle(Definition(Id, 5)) { By = "admin" });
        await a.Do(Id, new StartCycle { By = "admin" });
        var release = new TaskCompletionSource();
        a.Deliveries.Hold = release.Task;

        var first = a.Pump.PumpOnceAsync(1, 1, CancellationToken.None);
        await a.Deliveries.Entered.Task;
        // The queue's visibility runs in real time on the storage service: the item stays in flight for
        // two and a half times its visibility while B keeps asking for work.
        var redelivered = 0;
        var until = DateTime.UtcNow + (2.5 * visibility);
        while (DateTime.UtcNow < until)
        {
            redelivered += (await b.Get<WorkQueue>().ReceiveAsync(1, TimeSpan.FromSeconds(30), CancellationToken.None)).Length;
            await Task.Delay(100);
        }

        release.SetResult();
        await first;
        await a.SettleAsync();

        Assert.Equal(0, redelivered);
        Assert.Equal(CyclePhase.Collecting, await a.Query(Id, s => s.Phase));
        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(5, a.Deliveries.HandedOver.Count);
    }
}
