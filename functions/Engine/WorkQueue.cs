using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ItEval.Storage;

namespace ItEval.Engine;

/// <summary>The work queue and its poison queue (Azure Storage queues; base64 messages, as Functions triggers expect).</summary>
public sealed class WorkQueue(QueueServiceClient queues, StorageNames names)
{
    public QueueClient Work { get; } = queues.GetQueueClient(names.WorkQueue);

    public QueueClient Poison { get; } = queues.GetQueueClient(names.PoisonQueue);

    public Task EnqueueAsync<TItem>(TItem item, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        Work.SendMessageAsync(Message(item, Activity.Current), delay, cancellationToken: cancellationToken);

    /// <summary>
    /// The work item as a queue message, with the W3C traceparent of the activity that queued it, so the
    /// work's span joins the trace of the request that caused it. The trace is beside the item, not in it:
    /// the same item queued twice is the same work.
    /// </summary>
    public static string Message<TItem>(TItem item, Activity? cause)
    {
        var message = JsonSerializer.SerializeToNode(item, EngineJson.Options)!.AsObject();
        if (cause?.IdFormat == ActivityIdFormat.W3C)
        {
            message[TraceParentProperty] = cause.Id;
        }

        return message.ToJsonString(EngineJson.Options);
    }

    /// <summary>The traceparent a message carries, or null (older messages, or nothing was tracing).</summary>
    public static string? TraceParent(string body)
    {
        try
        {
            return JsonNode.Parse(body)?[TraceParentProperty]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private const string TraceParentProperty = "traceParent";

    public async Task<QueueMessage[]> ReceiveAsync(int count, TimeSpan visibility, CancellationToken cancellationToken) =>
        (await Work.ReceiveMessagesAsync(count, visibility, cancellationToken)).Value;

    public static TItem Parse<TItem>(string body) => JsonSerializer.Deserialize<TItem>(body, EngineJson.Options)
        ?? throw new InvalidDataException("empty work item");
}
