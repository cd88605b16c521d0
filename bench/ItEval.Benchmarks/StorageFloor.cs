using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ItEval.Benchmarks;

/// <summary>
/// What the storage itself does per second on this machine, measured in the same run as the cycle: table
/// rows in transactions of 100, queue messages sent + received + deleted, small blob writes. A phase's rate
/// divided by the table-row rate (a fan-out writes at least one row per unit: its outbox row) survives a
/// noisy machine better than the rate alone. Commands of one cycle are appended by one writer to one
/// partition, one transaction after another (each needs the previous one's version): their floor is
/// <see cref="SerialRowsPerSecond"/>, transactions of 50 rows (a full group) one at a time.
/// </summary>
internal sealed record StorageFloor(double TableRowsPerSecond, double SerialRowsPerSecond, double QueueMessagesPerSecond, double BlobWritesPerSecond)
{
    private const int Parallelism = 8;

    public static async Task<StorageFloor> MeasureAsync(string connectionString, string prefix)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(prefix + "floor");
        await table.CreateIfNotExistsAsync();
        var padding = new string('x', 300);
        var tableRate = await RateAsync(60 * 100, async () => await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (t, ct) =>
            await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(r => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity($"p{t}", $"r{r:D3}") { ["Body"] = padding })), ct)));

        var serialRate = await RateAsync(40 * 50, async () =>
        {
            for (var t = 0; t < 40; t++)
            {
                await table.SubmitTransactionAsync(Enumerable.Range(0, 50).Select(r => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity("serial", $"{t:D3}{r:D3}") { ["Body"] = padding })));
            }
        });

        var queue = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient(prefix + "floor");
        await queue.CreateIfNotExistsAsync();
        const int messages = 1600;
        var queueRate = await RateAsync(messages, async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) => await queue.SendMessageAsync($"{{\"i\":{i}}}", ct));
            var received = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, Parallelism), async (_, ct) =>
            {
                while (Volatile.Read(ref received) < messages)
                {
                    var batch = (await queue.ReceiveMessagesAsync(32, cancellationToken: ct)).Value;
                    if (batch.Length == 0)
                    {
                        break;
                    }

                    foreach (var message in batch)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    }

                    Interlocked.Add(ref received, batch.Length);
                }
            });
        });

        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(prefix + "floor");
        await container.CreateIfNotExistsAsync();
        var body = BinaryData.FromBytes(new byte[4096]);
        const int blobs = 800;
        var blobRate = await RateAsync(blobs, async () => await Parallel.ForEachAsync(Enumerable.Range(0, blobs), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, ct) => await container.GetBlobClient($"b{i}").UploadAsync(body, ct)));

        await table.DeleteAsync();
        await queue.DeleteAsync();
        await container.DeleteAsync();
        return new StorageFloor(tableRate, serialRate, queueRate, blobRate);
    }

    private static async Task<double> RateAsync(int count, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return count / watch.Elapsed.TotalSeconds;
    }
}
