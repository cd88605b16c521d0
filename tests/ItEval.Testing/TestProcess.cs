using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Durable;
using Microsoft.Extensions.DependencyInjection;

namespace ItEval.Testing;

/// <summary>
/// The cycles' orchestrations in tests and benchmarks: the app's own standalone task hub (DurableTask.Core
/// on the Azure Storage provider) on the test's Azurite, under the test's storage prefix, with settings
/// that keep waits short. Settling means: every active cycle's orchestration has looked at its cycle
/// after the call and found nothing left to do — the tests' clock may have moved, so it is woken first.
/// </summary>
public static class TestProcess
{
    /// <summary>
    /// One partition (one control queue to poll per test hub), 100 ms polling, partitions handed over
    /// within a second or two after an instance stops, and retries 0.1 s apart. The worker starts when a
    /// test first settles (most app tests never start a cycle).
    /// </summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Durable:RunWorker"] = "false",
        ["Durable:PartitionCount"] = "1",
        ["Durable:MaxQueuePollingInterval"] = "00:00:00.100",
        ["Durable:LeaseInterval"] = "00:00:05",
        ["Durable:LeaseRenewInterval"] = "00:00:01",
        ["Durable:LeaseAcquireInterval"] = "00:00:01",
        ["Process:RetryDelay"] = "00:00:00.100",
    };

    /// <summary>Starts this instance's orchestration worker (idempotent).</summary>
    public static Task StartWorkerAsync(IServiceProvider services) =>
        services.GetRequiredService<StandaloneTaskHub>().StartWorkerAsync(CancellationToken.None);

    /// <summary>
    /// Lets <paramref name="cycleId"/>'s process (every active cycle's when null) catch up with the record and the
    /// clock; first, as the housekeeping timer would, drafts next year's cycle if its schedule came due.
    /// </summary>
    public static async Task SettleAsync(IServiceProvider services, string? cycleId = null, TimeSpan? timeout = null)
    {
        await StartWorkerAsync(services);
        await services.GetRequiredService<YearlyDraft>().RunAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        var process = services.GetRequiredService<CycleProcessGuard>();
        var ids = cycleId is not null ? [cycleId]
            : (await services.GetRequiredService<CycleStore>().ListAsync(activeOnly: true, CancellationToken.None)).Select(c => c.Id).ToList();
        await Task.WhenAll(ids.Select(id => process.SettleAsync(id, timeout ?? TimeSpan.FromMinutes(2), CancellationToken.None)));
    }
}
