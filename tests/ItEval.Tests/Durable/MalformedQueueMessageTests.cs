using System.Diagnostics;
using ItEval.Cycle;
using ItEval.Durable;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Durable;

/// <summary>
/// Issue 25, moved to the Durable queues that replaced the work queue: messages on the task hub's queues
/// that are not base64, or base64 of garbage, must not stall the cycles' work.
/// </summary>
public sealed class MalformedQueueMessageTests
{
    [Fact]
    public async Task Garbage_on_the_task_hubs_queues_does_not_stall_a_cycle()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var harness = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        var hub = harness.Get<StandaloneTaskHub>();
        await hub.EnsureCreatedAsync();
        var queues = new List<string>();
        await foreach (var queue in storage.Queues.GetQueuesAsync(prefix: hub.Name.ToLowerInvariant()))
        {
            queues.Add(queue.Name);
        }

        Assert.Contains(queues, q => q.EndsWith("-workitems", StringComparison.Ordinal));
        foreach (var name in queues)
        {
            var queue = storage.Queues.GetQueueClient(name);
            await queue.SendMessageAsync("not base64 at all: %%%");
            await queue.SendMessageAsync(Convert.ToBase64String("{\"garbage\": tru"u8.ToArray()));
            await queue.SendMessageAsync(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)));
        }

        var clock = Stopwatch.StartNew();
        await harness.Do("g", new CreateCycle(Definition("g", 20)) { By = "admin" });
        await harness.Do("g", new StartCycle { By = "admin" });
        await harness.SettleAsync();

        Assert.Equal(CyclePhase.Collecting, await harness.Query("g", s => s.Phase));
        Assert.Equal(20, harness.Deliveries.HandedOver.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the cycle took {clock.Elapsed.TotalSeconds:F0} s with garbage on {queues.Count} queues");
        var left = 0;
        foreach (var name in queues)
        {
            left += (await storage.Queues.GetQueueClient(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        System.Console.WriteLine($"Garbage on {queues.Count} queues ({string.Join(", ", queues)}); announced 20 units in {clock.Elapsed.TotalSeconds:F1} s; {left} messages left on them.");
    }
}
