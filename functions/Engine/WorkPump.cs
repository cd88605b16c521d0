using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace ItEval.Engine;

/// <summary>What became of one delivery of a work item, for whoever delivered it (the pump or the Functions host).</summary>
public enum WorkResult
{
    /// <summary>Done, or nothing to do: the message can go.</summary>
    Done,

    /// <summary>Put back as a new message for later: the message can go.</summary>
    Deferred,

    /// <summary>Failed; deliver it again after a backoff.</summary>
    Retry,

    /// <summary>Failed on its last allowed delivery: the message belongs in the poison queue.</summary>
    Poisoned,
}

public sealed record WorkOutcome(WorkResult Result, string? Error = null);

/// <summary>Runs one delivery of a work message (the application's handler; the pump and the Functions host both call it).</summary>
public interface IWorkHandler
{
    Task<WorkOutcome> RunAsync(string body, long delivery, CancellationToken cancellationToken);
}

/// <summary>
/// Standalone mode: takes work items off the queue and runs them (<see cref="IWorkHandler"/>). While an
/// item runs its message stays hidden (visibility renewed), so a long item is never delivered twice; a
/// failed item becomes visible again after an exponential backoff; after
/// <see cref="MaxDeliveries"/> deliveries it moves to the poison queue.
/// </summary>
public sealed partial class WorkPump(WorkQueue queue, IWorkHandler runner, TimeProvider time, ILogger<WorkPump> logger)
{
    /// <summary>Deliveries of a message before it is poisoned (host.json's maxDequeueCount must match).</summary>
    public const int MaxDeliveries = 5;

    /// <summary>How long a received item stays hidden from other workers; if its worker dies, it reappears after this.</summary>
    public TimeSpan Visibility { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed item waits before its next delivery, by delivery count: 2, 4, 8 … s, at most 5 min.</summary>
    public Func<long, TimeSpan> Backoff { get; set; } = delivery => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, delivery)));

    public IWorkHandler Runner => runner;

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
        WorkOutcome outcome;
        string popReceipt;
        await using (var hidden = new VisibilityKeeper(queue, message, Visibility))
        {
            outcome = await runner.RunAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
            popReceipt = await hidden.StopAsync();
        }

        try
        {
            switch (outcome.Result)
            {
                case WorkResult.Retry:
                    await queue.Work.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: Backoff(message.DequeueCount), cancellationToken: cancellationToken);
                    return;
                case WorkResult.Poisoned:
                    var poison = JsonSerializer.Serialize(new { body = message.Body.ToString(), error = outcome.Error, failedAt = time.GetUtcNow() }, EngineJson.Options);
                    await queue.Poison.SendMessageAsync(poison, cancellationToken);
                    break;
            }

            await queue.Work.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Gone, handed to another worker after a renewal failed, or the queue hiccupped: the message
            // reappears (or already did) and runs again, which idempotent work allows. The other items
            // of the batch go on.
            LogSettleFailed(logger, ex, message.MessageId, outcome.Result);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} could not be settled after {Result}; it will be delivered again")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string messageId, WorkResult result);

    /// <summary>
    /// Keeps a message hidden while its item runs by renewing its visibility every quarter of it. The queue
    /// service counts visibility in real time, so renewals do too, whatever clock the application runs on.
    /// </summary>
    private sealed class VisibilityKeeper : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private string _popReceipt;

        public VisibilityKeeper(WorkQueue queue, QueueMessage message, TimeSpan visibility)
        {
            _popReceipt = message.PopReceipt;
            _loop = RenewAsync(queue, message.MessageId, visibility, _stop.Token);
        }

        /// <summary>Stops renewing; the pop receipt the message has now.</summary>
        public async Task<string> StopAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            return _popReceipt;
        }

        /// <summary>Also on the way out of a crash: a dead worker must stop keeping its message hidden.</summary>
        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task RenewAsync(WorkQueue queue, string messageId, TimeSpan visibility, CancellationToken stop)
        {
            while (true)
            {
                await Task.Delay(visibility / 4, TimeProvider.System, stop);
                try
                {
                    // Not cancelled mid-call: a renewal the service applied must leave its receipt here.
                    var renewed = await queue.Work.UpdateMessageAsync(messageId, _popReceipt, visibilityTimeout: visibility, cancellationToken: CancellationToken.None);
                    _popReceipt = renewed.Value.PopReceipt;
                }
                catch (Azure.RequestFailedException)
                {
                    // The queue is unreachable or the message is gone: the item finishes unprotected, as before renewals.
                    return;
                }
            }
        }
    }
}

/// <summary>Thrown by tests at an engine step to simulate the process dying there.</summary>
public sealed class SimulatedCrashException(string step) : Exception($"Simulated crash at {step}");
