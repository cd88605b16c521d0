using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Email;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Short real timers, marked as such: the orchestration's own durable timer (its heartbeat, 2 s here
/// instead of 10 minutes) wakes it without anybody signalling, and it fires what the app's clock made
/// due. Every other test moves the clock and signals the process; this one only moves the clock.
/// </summary>
public sealed class DurableTimerTests
{
    [Fact]
    public async Task A_durable_timer_wakes_the_orchestration_which_sends_the_reminders_the_clock_made_due()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), new Dictionary<string, string?> { ["Process:Heartbeat"] = "00:00:02" });
        await cycle.Do("t", new CreateCycle(Definition("t", 3)) { By = "admin" });
        await cycle.Do("t", new StartCycle { By = "admin" });
        await cycle.SettleAsync();
        Assert.DoesNotContain(await cycle.SentAsync("t"), e => e.Kind == EmailKinds.Reminder);

        cycle.Time.SetUtcNow(Vn(2026, 12, 8, 9, 1));   // the first reminder is due; nobody tells the process
        var waited = Stopwatch.StartNew();
        while ((await cycle.SentAsync("t")).Count(e => e.Kind == EmailKinds.Reminder) < 3)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the durable timer did not wake the orchestration within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }
}
