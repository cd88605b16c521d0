using ItEval.Email;
using ItEval.Engine;
using ItEval.Telemetry;

namespace ItEval.Cycle;

/// <summary>
/// Runs one delivery of a work item the same way whoever delivered it: the standalone pump or the
/// Functions queue trigger. A suspended cycle's work waits (put back as a new message, so waiting never
/// counts as failing), a terminated cycle's work is dropped, and any failure — a body that cannot be
/// read, a cycle that cannot be loaded, a handler that throws — is retried until the last allowed
/// delivery, when the cycle records it for the admin (who can replay it once the cause is fixed).
/// </summary>
public sealed partial class WorkRunner(WorkQueue queue, CycleWorker worker, CycleEngine engine, ItEvalTelemetry telemetry, ILogger<WorkRunner> logger) : IWorkHandler
{
    /// <summary>Deliveries of a message before it is poisoned (host.json's maxDequeueCount must match).</summary>
    public const int MaxDeliveries = WorkPump.MaxDeliveries;

    /// <summary>How long work of a suspended cycle waits before it looks again.</summary>
    public TimeSpan SuspendedDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait for emails another delivery is sending (it usually finishes much sooner).</summary>
    public TimeSpan MaxBusyDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs one delivery of a work item, in a span that continues the trace of whatever queued it.</summary>
    public async Task<WorkOutcome> RunAsync(string body, long delivery, CancellationToken cancellationToken)
    {
        var readable = Readable(body);
        var kind = readable?.Kind ?? "unreadable";
        using var activity = ItEvalTelemetry.StartWork(kind, readable?.CycleId ?? "", WorkQueue.TraceParent(body));
        activity?.SetTag("iteval.work.delivery", delivery);
        var outcome = await RunItemAsync(body, delivery, cancellationToken);
        switch (outcome.Result)
        {
            case WorkResult.Retry:
                telemetry.WorkRetried(kind);
                break;
            case WorkResult.Poisoned:
                telemetry.WorkPoisoned(kind);
                break;
            default:
                telemetry.WorkProcessed(kind, outcome.Result == WorkResult.Done ? "done" : "deferred");
                break;
        }

        activity?.SetStatus(outcome.Error is null ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error, outcome.Error);
        return outcome;
    }

    private static WorkItem? Readable(string body)
    {
        try
        {
            return WorkQueue.Parse<WorkItem>(body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }

    private async Task<WorkOutcome> RunItemAsync(string body, long delivery, CancellationToken cancellationToken)
    {
        WorkItem? work = null;
        try
        {
            work = WorkQueue.Parse<WorkItem>(body);
            var phase = await engine.QueryAsync(work.CycleId, s => s.Phase, cancellationToken);
            if (phase == CyclePhase.Suspended)
            {
                await queue.EnqueueAsync(work, cancellationToken, SuspendedDelay);
                return new WorkOutcome(WorkResult.Deferred);
            }

            if (phase != CyclePhase.Terminated)
            {
                await worker.RunAsync(work, cancellationToken);
            }

            return new WorkOutcome(WorkResult.Done);
        }
        catch (EmailBusyException busy) when (work is not null)
        {
            // Another delivery of this item (or of one naming the same emails) is sending them: look again
            // once it should be done, without spending one of this item's deliveries.
            await queue.EnqueueAsync(work, cancellationToken, busy.RetryAfter < MaxBusyDelay ? busy.RetryAfter : MaxBusyDelay);
            return new WorkOutcome(WorkResult.Deferred);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not SimulatedCrashException)
        {
            LogFailed(logger, ex, work?.WorkId ?? "(unreadable)", delivery);
            if (delivery < MaxDeliveries)
            {
                return new WorkOutcome(WorkResult.Retry, ex.Message);
            }

            await RecordFailureAsync(work, ex, cancellationToken);
            return new WorkOutcome(WorkResult.Poisoned, ex.Message);
        }
    }

    /// <summary>The cycle records the failure (the admin sees it and gets an alert); if even that fails, the poison queue still keeps the item.</summary>
    private async Task RecordFailureAsync(WorkItem? work, Exception error, CancellationToken cancellationToken)
    {
        if (work is null)
        {
            return;
        }

        try
        {
            await engine.HandleAsync(work.CycleId, new FailWorkItem(work.WorkId, work.Kind, error.Message) { By = "system" }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not SimulatedCrashException)
        {
            LogNotRecorded(logger, ex, work.WorkId, work.CycleId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {WorkId} failed (delivery {Delivery})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string workId, long delivery);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work item {WorkId} was poisoned and cycle {CycleId} could not record it")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string workId, string cycleId);
}
