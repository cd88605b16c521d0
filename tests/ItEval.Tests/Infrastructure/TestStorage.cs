using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ItEval.Storage;

namespace ItEval.Tests.Infrastructure;

/// <summary>
/// A test's own slice of the shared Azurite: a unique prefix, so its tables, containers and queues
/// are its alone. Resources are deleted afterwards (Azurite is in memory anyway).
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private TestStorage(AzuriteEndpoints endpoints, string prefix)
    {
        ConnectionString = endpoints.ConnectionString;
        Names = new StorageNames(prefix);
        Options = new StorageOptions { Prefix = prefix, MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(5) };
        var connection = StorageConnection.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new(StorageConnection.SettingName, ConnectionString)]).Build());
        Blobs = connection.CreateBlobServiceClient(Options);
        Queues = connection.CreateQueueServiceClient(Options);
        Tables = connection.CreateTableServiceClient(Options);
    }

    public string ConnectionString { get; }
    public StorageNames Names { get; }
    public StorageOptions Options { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public TableServiceClient Tables { get; }

    public static async Task<TestStorage> CreateAsync() =>
        new(await Azurite.GetAsync(), NewPrefix());

    /// <summary>"t" + 12 hex digits: valid for tables, containers and queues, unique per test.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public StorageBootstrap Bootstrap() => new(Blobs, Tables, Queues, Names);

    /// <summary>An email the local transport kept (<c>{cycle}/{outbox row key}.eml</c>), as .eml text.</summary>
    public async Task<string> EmlAsync(string name) =>
        (await new ItEval.Email.LocalMailbox(Blobs, Names).FindAsync(name, CancellationToken.None))?.Eml
        ?? throw new Xunit.Sdk.XunitException($"No local email {name}");

    public StorageHealth Health() => new(Blobs, Tables, Queues, Names, Microsoft.Extensions.Options.Options.Create(Options));

    public async ValueTask DisposeAsync()
    {
        foreach (var table in Names.Tables)
        {
            await Tables.DeleteTableAsync(table);
        }

        foreach (var container in Names.Containers)
        {
            await Blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }

        foreach (var queue in Names.Queues)
        {
            await Queues.GetQueueClient(queue).DeleteIfExistsAsync();
        }
    }
}
