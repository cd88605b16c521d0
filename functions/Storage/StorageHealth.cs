using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace ItEval.Storage;

/// <summary>One storage service's answer to the health check.</summary>
public sealed record ServiceHealth(string Service, bool Healthy, string? Problem = null);

/// <summary>The answer of every storage service; healthy only when all answer.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<ServiceHealth> Services)
{
    public string Status => Healthy ? "Healthy" : "Unhealthy";

    public IEnumerable<string> FailingServices => Services.Where(s => !s.Healthy).Select(s => s.Service);
}

/// <summary>
/// Asks each storage service for one of the app's own resources, so "healthy" means reachable,
/// authorised and bootstrapped, and needs only data-plane permissions.
/// </summary>
public sealed class StorageHealth(
    BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues,
    StorageNames names, IOptions<StorageOptions> options)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HealthTimeout);
        var token = timeout.Token;

        var results = await Task.WhenAll(
            Probe("blob", () => blobs.GetBlobContainerClient(names.FormsContainer).GetPropertiesAsync(cancellationToken: token), token),
            Probe("table", () => FirstPage(tables.GetTableClient(names.CyclesTable), token), token),
            Probe("queue", () => queues.GetQueueClient(names.HealthQueue).GetPropertiesAsync(token), token));
        return new HealthReport(results.All(r => r.Healthy), results);
    }

    private static async Task FirstPage(TableClient table, CancellationToken token)
    {
        await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: token).AsPages())
        {
            return;
        }
    }

    private async Task<ServiceHealth> Probe(string service, Func<Task> probe, CancellationToken token)
    {
        try
        {
            await probe().WaitAsync(token);
            return new ServiceHealth(service, true);
        }
        catch (OperationCanceledException)
        {
            return new ServiceHealth(service, false, $"no answer within {options.Value.HealthTimeout.TotalSeconds:0.#} s");
        }
        catch (RequestFailedException ex)
        {
            return new ServiceHealth(service, false, $"HTTP {ex.Status} {ex.ErrorCode}".TrimEnd());
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            return new ServiceHealth(service, false, ex.InnerException.Message);
        }
        catch (HttpRequestException ex)
        {
            return new ServiceHealth(service, false, ex.Message);
        }
    }
}
