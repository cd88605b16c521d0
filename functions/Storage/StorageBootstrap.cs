using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ItEval.Storage;

/// <summary>
/// Creates every table, container and queue that is missing. Safe to run again and from several
/// instances at once: each create treats "already exists" as success.
/// </summary>
public sealed class StorageBootstrap(
    BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, StorageNames names)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var creations = names.Tables.Select(table => (Task)tables.CreateTableIfNotExistsAsync(table, cancellationToken))
            .Concat(names.Containers.Select(container =>
                (Task)blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
            .Concat(names.Queues.Select(queue =>
                (Task)queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(creations);
    }
}
