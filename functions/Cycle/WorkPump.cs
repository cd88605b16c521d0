using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace ItEval.Cycle;

/// <summary>
/// Takes work items off the queue and runs them. A failed item becomes visible again after an
/// exponential backoff; after <see cref="MaxDeliveries"/> deliveries it moves to the poison queue and
/// the cycle records the failure (the admin sees it in the status and gets an alert). Work of a
/// suspended cycle waits; work of a terminated one is dropped.
/// </summary>
public sealed partial class WorkPump(WorkQueue queue, CycleWorker worker, CycleEngine engine, ILogger<WorkPump> logger)
{
    public const int MaxDeliveries = 5;

    /// <summary>How long a received item stays hidden from other workers; if its worker dies, it reappears after this.</summary>
    public TimeSpan Visibility { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed item waits before its next delivery, by delivery count: 2, 4, 8 … s, at most 5 min.</summary>
    public Func<long, TimeSpan> Backoff { get; set; } = delivery => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, delivery)));

    /// <summary>Receives and runs up to <paramref name="batch"/> items; returns how many were received.</summary>
    public async Task<int> PumpOnceAsync(int batch, int parallelism, CancellationToken cancellationToken)
    {
        var messages = await queue.ReceiveAsync(batch, Visibility, cancellationToken);
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (message, token) => await ProcessAsync(message, token));
        return messages.Length;
    }

    /// <summary>Runs queued work until the queue stays empty (tests, benchmarks, draining).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken, int parallelism = 8)
    {
        var total = 0;
        for (int received; (received = await PumpOnceAsync(32, parallelism, cancellationToken)) > 0;)
        {
            total += received;
        }

        return total;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var work = WorkQueue.Parse(message.Body.ToString());
        var phase = await engine.QueryAsync(work.CycleId, s => s.Phase, cancellationToken);
        if (phase == CyclePhase.Suspended)
        {
            // Re-queued as a new message so waiting does not count as failed deliveries.
            await queue.EnqueueAsync(work, cancellationToken, TimeSpan.FromMinutes(1));
            await queue.Work.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return;
        }

        if (phase != CyclePhase.Terminated)
        {
            try
            {
                await worker.RunAsync(work, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not SimulatedCrashException)
            {
                await FailedAsync(message, work, ex, cancellationToken);
                return;
            }
        }

        await queue.Work.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    /// <summary>Runs one work item delivered by the Functions queue trigger (its host retries and poisons).</summary>
    public async Task RunDeliveredAsync(string body, long dequeueCount, CancellationToken cancellationToken)
    {
        var work = WorkQueue.Parse(body);
        try
        {
            await worker.RunAsync(work, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && dequeueCount >= MaxDeliveries)
        {
            await engine.HandleAsync(work.CycleId, new FailWorkItem(work.WorkId, work.Kind, ex.Message) { By = "system" }, cancellationToken);
            throw;
        }
    }

    private async Task FailedAsync(QueueMessage message, WorkItem work, Exception error, CancellationToken cancellationToken)
    {
        LogFailed(logger, error, work.WorkId, message.DequeueCount);
        if (message.DequeueCount >= MaxDeliveries)
        {
            var poison = JsonSerializer.Serialize(new { work, error = error.Message, failedAt = engine.Time.GetUtcNow() }, CycleJson.Options);
            await queue.Poison.SendMessageAsync(poison, cancellationToken);
            await queue.Work.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            await engine.HandleAsync(work.CycleId, new FailWorkItem(work.WorkId, work.Kind, error.Message) { By = "system" }, cancellationToken);
            return;
        }

        await queue.Work.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: Backoff(message.DequeueCount), cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work item {WorkId} failed (delivery {Delivery})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string workId, long delivery);
}

/// <summary>Thrown by tests at an engine step to simulate the process dying there.</summary>
public sealed class SimulatedCrashException(string step) : Exception($"Simulated crash at {step}");
