using DurableTask.AzureStorage;
using DurableTask.Core;
using ItEval.Storage;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace ItEval.Durable;

/// <summary>
/// The standalone host of the orchestrations (./run.sh, servers, the demo, tests): DurableTask.Core's
/// <see cref="TaskHubWorker"/> on its Azure Storage provider, in this process, on the app's storage
/// account (Azurite locally). The catalog's orchestrators and activities run through the shims of
/// Microsoft.DurableTask, so they are the very classes the Functions host runs on Azure.
/// </summary>
public sealed partial class StandaloneTaskHub : IHostedService, IAsyncDisposable
{
    private readonly DurableOptions _options;
    private readonly DurableCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<StandaloneTaskHub> _logger;
    private readonly IReadOnlyList<OrchestrationMiddleware> _middleware;
    private readonly Lazy<Task> _created;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private TaskHubWorker? _worker;

    public StandaloneTaskHub(IOptions<DurableOptions> options, IOptions<StorageOptions> storage, StorageConnection connection,
        DurableCatalog catalog, IServiceProvider services, ILoggerFactory loggers, IEnumerable<OrchestrationMiddleware> middleware)
    {
        _middleware = [.. middleware];
        _options = options.Value;
        _catalog = catalog;
        _services = services;
        _loggers = loggers;
        _logger = loggers.CreateLogger<StandaloneTaskHub>();
        Name = _options.TaskHubFor(storage.Value.Prefix);
        Service = new AzureStorageOrchestrationService(Settings(_options, Name, connection, loggers));
        Client = new TaskHubClient(Service, new CoreDataConverter(), loggers);
        _created = new(() => Service.CreateIfNotExistsAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The task hub's name (its tables, queues and containers start with it).</summary>
    public string Name { get; }

    public AzureStorageOrchestrationService Service { get; }

    /// <summary>DurableTask.Core's client, with the app's serializer (see <see cref="DurableJson"/>).</summary>
    public TaskHubClient Client { get; }

    public bool WorkerRunning => _worker is not null;

    /// <summary>The hub's tables, queues and containers exist (created once per process).</summary>
    public Task EnsureCreatedAsync() => _created.Value;

    internal static AzureStorageOrchestrationServiceSettings Settings(DurableOptions options, string hub, StorageConnection connection, ILoggerFactory loggers) => new()
    {
        TaskHubName = hub,
        StorageAccountClientProvider = connection.Create(
            connectionString => new StorageAccountClientProvider(connectionString),
            (blob, queue, table, credential) => new StorageAccountClientProvider(blob, queue, table, credential)),
        PartitionCount = options.PartitionCount,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        WorkItemQueueVisibilityTimeout = options.WorkItemVisibility,
        ControlQueueVisibilityTimeout = options.ControlQueueVisibility,
        LeaseInterval = options.LeaseInterval,
        LeaseRenewInterval = options.LeaseRenewInterval,
        LeaseAcquireInterval = options.LeaseAcquireInterval,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        LoggerFactory = loggers,
    };

    /// <summary>Starts the worker (when this instance runs one) without holding up the app's start: storage may be down.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.RunWorker)
        {
            _ = Task.Run(() => StartWorkerAsync(CancellationToken.None), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Creates the hub and starts the worker, retrying while storage is unreachable; idempotent.</summary>
    public async Task StartWorkerAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken);
        try
        {
            for (var delay = TimeSpan.FromSeconds(1); _worker is null && !_stopped; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
            {
                try
                {
                    await EnsureCreatedAsync();
                    var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter }, _loggers);
                    var worker = new TaskHubWorker(Service, _loggers);
                    worker.AddTaskOrchestrations([.. _catalog.Orchestrators.Select(name => new Creator<TaskOrchestration>(name, () => _catalog.CreateOrchestration(name, shims)))]);
                    foreach (var step in _middleware)
                    {
                        worker.AddOrchestrationDispatcherMiddleware(step.Run);
                    }

                    worker.AddTaskActivities([.. _catalog.Activities.Select(name => new Creator<TaskActivity>(name, () => _catalog.CreateActivity(name, shims, _services)))]);
                    await worker.StartAsync();
                    _worker = worker;
                    LogStarted(_logger, Name);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
                {
                    LogRetry(_logger, ex, delay);
                    _created.Value.Exception?.Handle(_ => true);
                    try
                    {
                        await Task.Delay(delay, _stopping.Token).WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException) when (_stopped)
                    {
                        // Stopping: no more tries.
                    }
                }
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    private volatile bool _stopped;
    private readonly CancellationTokenSource _stopping = new();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_worker is { } worker)
            {
                _worker = null;
                // Forced: work in flight is abandoned and runs again elsewhere (activities are at-least-once).
                // Bounded: with storage gone the provider retries its partition table for ever, and a stop
                // that never ends keeps the process alive after Ctrl+C.
                try
                {
                    await worker.StopAsync(isForced: true).WaitAsync(StopTimeout, cancellationToken);
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    LogStopAbandoned(_logger, StopTimeout);
                }
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Stops the worker; may be called more than once (the container disposes it as a singleton and as a hosted service).</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>A new shim on every call: the shims keep per-execution state.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            _create = create;
        }

        public override T Create() => _create();
    }

    /// <summary>Longest wait for the worker's stop; what is still in flight then runs again after its visibility.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The orchestration worker did not stop within {Timeout} (storage unreachable?); its work in flight runs again after its visibility")]
    private static partial void LogStopAbandoned(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "The orchestration worker of task hub {TaskHub} is running")]
    private static partial void LogStarted(ILogger logger, string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The orchestration worker could not start (storage unreachable?); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception exception, TimeSpan delay);
}

/// <summary>DurableTask.Core's client serializes inputs and events with this: the same JSON the shims read (<see cref="DurableJson"/>).</summary>
internal sealed class CoreDataConverter : DurableTask.Core.Serializing.DataConverter
{
    public override string Serialize(object value) => DurableJson.Converter.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => DurableJson.Converter.Deserialize(data, objectType)!;
}
