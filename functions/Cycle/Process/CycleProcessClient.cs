using System.Diagnostics;
using ItEval.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ItEval.Cycle.Process;

/// <summary>
/// The starter and management of cycles' orchestrations, on whichever host: it starts a cycle's
/// orchestration when the cycle starts, wakes it when something recorded needs the process, and offers
/// what Durable Functions users manage (status, history, suspend and resume, terminate, restart, purge).
/// The record stays the truth: a restarted orchestration begins at the cursor the record keeps.
/// </summary>
public sealed partial class CycleProcessClient(DurableTaskClient client, CycleStore store, ILogger<CycleProcessClient> logger) : ICycleProcess
{
    /// <summary>After an append: the cycle's start starts its orchestration; events the process acts on wake it.</summary>
    public async Task RecordedAsync(CycleState state, IReadOnlyList<CycleEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            if (events.Any(e => e is CycleStarted))
            {
                await StartAsync(state.Id, 0, cancellationToken);
                return;
            }

            // The admin's suspension, resumption and termination of the cycle act on its orchestration too,
            // so Durable's own tools show what the record says.
            if (events.OfType<CycleTerminated>().FirstOrDefault() is { } terminated)
            {
                await TerminateAsync(state.Id, $"{terminated.By}: {terminated.Reason}", cancellationToken);
                return;
            }

            if (events.OfType<CycleSuspended>().FirstOrDefault() is { } suspended)
            {
                await SuspendAsync(state.Id, $"{suspended.By}: {suspended.Reason}", cancellationToken);
            }
            else if (events.OfType<CycleResumed>().FirstOrDefault() is { } resumed)
            {
                await ResumeAsync(state.Id, $"{resumed.By}: resumed", cancellationToken);
            }

            if (state.Phase != CyclePhase.Draft && events.Any(CycleWork.WakesProcess))
            {
                await WakeAsync(state.Id, null, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not Engine.SimulatedCrashException)
        {
            // The events are stored: the orchestration's heartbeat, or the guard for a start, makes up for the lost signal.
            LogSignalFailed(logger, ex, state.Id);
        }
    }

    /// <summary>Starts the cycle's orchestration from <paramref name="through"/> unless one is live (idempotent).</summary>
    public async Task StartAsync(string cycleId, long through, CancellationToken cancellationToken)
    {
        var input = new CycleProcessInput(cycleId, through, TraceParent: Activity.Current?.Id);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CycleOrchestration.Name, input,
                new StartOrchestrationOptions(CycleOrchestration.InstanceId(cycleId)), cancellationToken);
        }
        catch (Exception ex) when (IsAlreadyRunning(ex))
        {
            // A live orchestration of the cycle already exists: nothing to start.
        }
    }

    private static bool IsAlreadyRunning(Exception ex) =>
        ex is DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException
        || ex.GetType().Name is "RpcException" && ex.Message.Contains("AlreadyExists", StringComparison.OrdinalIgnoreCase)
        || ex is InvalidOperationException && ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase);

    /// <summary>Wakes the orchestration; <paramref name="token"/> comes back in its custom status once it looked at its cycle.</summary>
    public Task WakeAsync(string cycleId, string? token, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(CycleOrchestration.InstanceId(cycleId), CycleOrchestration.WakeEvent, new Wake(token, Activity.Current?.Id), cancellationToken);

    /// <summary>The orchestration as Durable reports it (runtime status, custom status, times, failure), or null before the cycle started.</summary>
    public Task<OrchestrationMetadata?> GetAsync(string cycleId, CancellationToken cancellationToken) =>
        client.GetInstanceAsync(CycleOrchestration.InstanceId(cycleId), getInputsAndOutputs: false, cancellationToken);

    /// <summary>
    /// The guard's check of one cycle: an active, started cycle whose orchestration is missing or ended
    /// (a crash between the start's append and its orchestration, a purge, a cycle from an older build)
    /// gets one, beginning where the record says the process got to. A failed one is left for the admin.
    /// </summary>
    public async Task<bool> EnsureRunningAsync(string cycleId, CyclePhase phase, CancellationToken cancellationToken)
    {
        if (phase is CyclePhase.Draft or CyclePhase.Closed or CyclePhase.Terminated)
        {
            return false;
        }

        var metadata = await GetAsync(cycleId, cancellationToken);
        // The record decides whether the process is suspended: a suspension or resumption whose signal was
        // lost (a crash after the append) or overtaken (it reached a generation that had just ended) is redone.
        if (metadata?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended && phase != CyclePhase.Suspended)
        {
            await ResumeAsync(cycleId, "the cycle's record says it is not suspended", cancellationToken);
            return false;
        }

        if (metadata?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending && phase == CyclePhase.Suspended)
        {
            await SuspendAsync(cycleId, "the cycle's record says it is suspended", cancellationToken);
            return false;
        }

        if (metadata is not null && metadata.RuntimeStatus is not (OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated))
        {
            return false;
        }

        await StartAsync(cycleId, await store.GetProcessedThroughAsync(cycleId, cancellationToken), cancellationToken);
        return true;
    }

    /// <summary>
    /// Waits until the orchestration has looked at its cycle after now and found nothing left to do (no work,
    /// no due timer): what a test, the demo or a benchmark waits for after moving its clock or acting.
    /// </summary>
    public async Task<ProcessStatus?> WaitIdleAsync(string cycleId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Ordered by when it was made: an answer to any wake-up made after this one also answers this one
        // (the orchestration looked after both calls began), so two waiters never miss each other's answer.
        var token = $"{DateTime.UtcNow.Ticks:D19}-{Guid.NewGuid():N}";
        await WakeAsync(cycleId, token, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        var lastWake = DateTime.UtcNow;
        while (true)
        {
            var metadata = await GetAsync(cycleId, limit.Token);
            if (metadata is { IsCompleted: true })
            {
                return metadata.ReadCustomStatusAs<ProcessStatus>();
            }

            var status = metadata?.ReadCustomStatusAs<ProcessStatus>();
            if (status is { Ack: { } ack, Idle: true } && string.CompareOrdinal(ack, token) >= 0)
            {
                return status;
            }

            if (status is { Idle: true } && DateTime.UtcNow - lastWake > RewakeAfter)
            {
                // Waiting and still no answer: the wake-up was lost (the shim drops an event that arrives in the
                // batch where a timer ended the wait). Asking again costs one more look, which is harmless.
                await WakeAsync(cycleId, token, limit.Token);
                lastWake = DateTime.UtcNow;
            }

            try
            {
                await Task.Delay(delay, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The orchestration of cycle {cycleId} did not become idle within {timeout} (status {metadata?.RuntimeStatus}: {metadata?.SerializedCustomStatus}).");
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(200, delay.TotalMilliseconds * 1.5));
        }
    }

    private static readonly TimeSpan RewakeAfter = TimeSpan.FromSeconds(2);

    public Task SuspendAsync(string cycleId, string reason, CancellationToken cancellationToken) =>
        client.SuspendInstanceAsync(CycleOrchestration.InstanceId(cycleId), reason, cancellationToken);

    public Task ResumeAsync(string cycleId, string reason, CancellationToken cancellationToken) =>
        client.ResumeInstanceAsync(CycleOrchestration.InstanceId(cycleId), reason, cancellationToken);

    public Task TerminateAsync(string cycleId, string reason, CancellationToken cancellationToken) =>
        client.TerminateInstanceAsync(CycleOrchestration.InstanceId(cycleId), new TerminateInstanceOptions(reason), cancellationToken);

    /// <summary>
    /// A new orchestration in place of a failed or terminated one, beginning where the record says the
    /// process got to (work is idempotent, so what the old one half did is done again safely).
    /// </summary>
    public async Task RestartAsync(string cycleId, CancellationToken cancellationToken)
    {
        var id = CycleOrchestration.InstanceId(cycleId);
        if (await GetAsync(cycleId, cancellationToken) is { IsRunning: true } or { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            await client.TerminateInstanceAsync(id, new TerminateInstanceOptions("restarted by the admin"), cancellationToken);
            await client.WaitForInstanceCompletionAsync(id, cancellationToken);
        }

        await StartAsync(cycleId, await store.GetProcessedThroughAsync(cycleId, cancellationToken), cancellationToken);
    }

    /// <summary>Replays a failed orchestration from before its failure (Durable's rewind).</summary>
    public Task RewindAsync(string cycleId, string reason, CancellationToken cancellationToken) =>
        client.RewindInstanceAsync(CycleOrchestration.InstanceId(cycleId), reason, cancellationToken);

    /// <summary>Deletes the orchestration's history (never the cycle's record); only once it ended.</summary>
    public async Task<int> PurgeAsync(string cycleId, CancellationToken cancellationToken) =>
        (await client.PurgeInstanceAsync(CycleOrchestration.InstanceId(cycleId), cancellation: cancellationToken)).PurgedInstanceCount;

    /// <summary>The orchestration's history (its current generation), oldest first.</summary>
    public Task<IList<DurableTask.Core.History.HistoryEvent>> HistoryAsync(string cycleId, CancellationToken cancellationToken) =>
        client.GetOrchestrationHistoryAsync(CycleOrchestration.InstanceId(cycleId), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The orchestration of cycle {CycleId} could not be signalled; its heartbeat or the guard will catch up")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string cycleId);
}
