using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ItEval.Storage;

/// <summary>
/// The storage account, named the Azure Functions way: <c>AzureWebJobsStorage</c> as a connection string
/// (<c>UseDevelopmentStorage=true</c> for Azurite), or <c>AzureWebJobsStorage__accountName</c> /
/// <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c> with a managed identity.
/// </summary>
public sealed class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    private readonly string? _connectionString;
    private readonly Uri? _blobUri;
    private readonly Uri? _queueUri;
    private readonly Uri? _tableUri;
    private readonly TokenCredential? _credential;

    private StorageConnection(string connectionString) => _connectionString = connectionString;

    private StorageConnection(Uri blobUri, Uri queueUri, Uri tableUri, TokenCredential credential) =>
        (_blobUri, _queueUri, _tableUri, _credential) = (blobUri, queueUri, tableUri, credential);

    public bool UsesManagedIdentity => _credential is not null;

    public static StorageConnection From(IConfiguration configuration)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Check(connectionString);
            return new StorageConnection(connectionString);
        }

        var section = configuration.GetSection(SettingName);
        var account = section["accountName"];
        Uri? Endpoint(string key, string service) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : null;

        var blob = Endpoint("blobServiceUri", "blob");
        var queue = Endpoint("queueServiceUri", "queue");
        var table = Endpoint("tableServiceUri", "table");
        if (blob is null || queue is null || table is null)
        {
            throw new StorageSettingException(
                "No storage account is configured. Set AzureWebJobsStorage to a connection string " +
                "(UseDevelopmentStorage=true for the local emulator), or AzureWebJobsStorage__accountName " +
                "to use the app's managed identity.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = section["clientId"],
        });
        return new StorageConnection(blob, queue, table, credential);
    }

    /// <summary>
    /// A connection string the SDK cannot read is said at start, naming the setting and what a valid one
    /// looks like, never echoing the value (it may hold an account key).
    /// </summary>
    private static void Check(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString);
            _ = new QueueServiceClient(connectionString);
            _ = new TableServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new StorageSettingException(
                $"The setting {SettingName} is not a storage connection string the Azure SDK can read. Use " +
                "UseDevelopmentStorage=true for the local emulator (Azurite), or the account's connection string from the " +
                "Azure portal, like DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net; " +
                $"or leave it empty and set {SettingName}__accountName to use the app's managed identity.");
        }
    }

    /// <summary>A client of another library for the same account: from the connection string, or the endpoints and the identity.</summary>
    public T Create<T>(Func<string, T> fromConnectionString, Func<Uri, Uri, Uri, TokenCredential, T> fromIdentity) =>
        _connectionString is not null ? fromConnectionString(_connectionString) : fromIdentity(_blobUri!, _queueUri!, _tableUri!, _credential!);

    public BlobServiceClient CreateBlobServiceClient(StorageOptions options)
    {
        var clientOptions = Configure(new BlobClientOptions(), options);
        return _connectionString is not null
            ? new BlobServiceClient(_connectionString, clientOptions)
            : new BlobServiceClient(_blobUri, _credential, clientOptions);
    }

    public QueueServiceClient CreateQueueServiceClient(StorageOptions options)
    {
        // Base64 is what the Functions queue trigger expects, so work items read the same in both modes.
        var clientOptions = Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, options);
        return _connectionString is not null
            ? new QueueServiceClient(_connectionString, clientOptions)
            : new QueueServiceClient(_queueUri, _credential, clientOptions);
    }

    public TableServiceClient CreateTableServiceClient(StorageOptions options)
    {
        var clientOptions = Configure(new TableClientOptions(), options);
        return _connectionString is not null
            ? new TableServiceClient(_connectionString, clientOptions)
            : new TableServiceClient(_tableUri, _credential, clientOptions);
    }

    private static T Configure<T>(T clientOptions, StorageOptions options) where T : ClientOptions
    {
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return clientOptions;
    }
}

/// <summary>The storage settings cannot work; the message says which setting and how to fix it.</summary>
public sealed class StorageSettingException(string message) : Exception(message);
