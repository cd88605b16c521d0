using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Activities run at least once: two runs of the same work must never hand an email to the provider
/// twice, however they overlap. Every assertion counts what the provider accepted
/// (<see cref="ItEval.Testing.DeliveryLog"/>).
/// </summary>
public sealed class ExactlyOnceEmailTests
{
    private const string Id = "once";

    [Fact]
    public async Task Two_concurrent_runs_of_one_announce_activity_send_each_email_once()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), worker: false);
        await using var b = a.Restart();
        await a.Do(Id, new CreateCycle(Definition(Id, 8)) { By = "admin" });
        await a.Do(Id, new StartCycle { By = "admin" });
        // The activity the orchestration would run, run by hand on both instances: as a redelivery would.
        var step = await a.Get<CycleActivities>().LookAsync(new LookInput(Id, 0), CancellationToken.None);
        var announce = Assert.Single(step.Work, w => w.Kind == WorkKinds.Announce);
        var slice = new WorkSlice(Id, announce.Sequence, 0, announce.Items);

        // Instance A is held inside the provider call; B runs the same slice meanwhile.
        var release = new TaskCompletionSource();
        a.Deliveries.Hold = release.Task;
        var first = a.Get<CycleActivities>().RunWorkAsync(slice, CancellationToken.None);
        await a.Deliveries.Entered.Task;
        var second = await b.Get<CycleActivities>().RunWorkAsync(slice, CancellationToken.None);
        release.SetResult();
        var firstOutcome = await first;
        // Then the orchestration runs it all once more, as the real process would after either run.
        await a.SettleAsync();

        Assert.Equal((1, 0), (firstOutcome.Done, firstOutcome.Failed.Count));
        Assert.Equal((0, 1), (second.Done, second.Deferred));
        Assert.Equal(CyclePhase.Collecting, await b.Query(Id, s => s.Phase));
        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(8, a.Deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_instance_dying_between_the_start_and_its_orchestration_leaves_one_process_that_announces_once()
    {
        await using var storage = await TestStorage.CreateAsync();
        // A is as good as dead from the hook on (its worker would wait for the cycle A holds): no worker.
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), worker: false);
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

        // A has appended "started" and neither written the summary nor started the orchestration when B
        // looks: B's guard must find the cycle from the record and start its process.
        var start = a.Do(Id, new StartCycle { By = "admin" });
        await appended.Task;
        await using var b = a.Restart();
        await b.SettleAsync();
        Assert.Equal(CyclePhase.Collecting, await b.Query(Id, s => s.Phase));
        // A wakes up and starts the orchestration late: one is live already, so nothing new begins.
        release.SetResult();
        await start;
        await b.SettleAsync();

        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(150, a.Deliveries.Count(id => id.Contains("/announcement/", StringComparison.Ordinal)));
        var history = await a.Get<CycleStore>().ReadAsync(Id, 0, CancellationToken.None);
        Assert.Equal(2, history.Count(e => e.Event is UnitsAnnounced));
    }

    [Fact]
    public async Task An_activity_running_longer_than_its_message_visibility_is_not_run_again()
    {
        // Real time (the queue service counts visibility): 8 s of visibility, the provider held for 12 s.
        await using var storage = await TestStorage.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Durable:WorkItemVisibility"] = "00:00:08" };
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), settings);
        await using var b = a.Restart();
        await b.StartWorkerAsync();
        using var counted = new AppCounters(a.Get<System.Diagnostics.Metrics.IMeterFactory>());
        using var countedB = new AppCounters(b.Get<System.Diagnostics.Metrics.IMeterFactory>());
        await a.Do(Id, new CreateCycle(Definition(Id, 5)) { By = "admin" });
        var release = new TaskCompletionSource();
        a.Deliveries.Hold = release.Task;

        await a.Do(Id, new StartCycle { By = "admin" });
        await a.Deliveries.Entered.Task;
        await Task.Delay(TimeSpan.FromSeconds(12));
        release.SetResult();
        await Task.WhenAll(a.SettleAsync(), b.SettleAsync());

        // One run of the announce item in all: no second run (which would have found the emails busy).
        Assert.Equal(1, counted.Sum("iteval.work.processed") + countedB.Sum("iteval.work.processed"));
        Assert.Equal(CyclePhase.Collecting, await a.Query(Id, s => s.Phase));
        Assert.Empty(a.Deliveries.Duplicates);
        Assert.Equal(5, a.Deliveries.HandedOver.Count);
    }
}
