using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace ItEval.Durable;

/// <summary>
/// The standalone host's <see cref="DurableTaskClient"/>: Microsoft.DurableTask's client API over
/// DurableTask.Core's <see cref="TaskHubClient"/> and the Azure Storage provider. On Azure the Functions
/// host hands the app its own client of the same type, so the app manages orchestrations one way on
/// both hosts. (Microsoft.DurableTask has no public client shim; this is that small shim.)
/// </summary>
public sealed class CoreDurableTaskClient(StandaloneTaskHub hub) : DurableTaskClient(hub.Name)
{
    /// <summary>A new instance replaces only one that ended: a live one with the same id is left alone (idempotent start).</summary>
    private static readonly CoreStatus[] Live = [CoreStatus.Pending, CoreStatus.Running, CoreStatus.ContinuedAsNew, CoreStatus.Suspended];

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value);
        var created = await hub.Client.CreateOrchestrationInstanceAsync(orchestratorName.Name, options?.Version?.Version ?? "", instanceId, input, tags, Live);
        return created.InstanceId;
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool inputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, inputs, cancellation) is { } metadata && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(Poll, cancellation);
        }
    }

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        await hub.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, options?.Output?.ToString() ?? "");
    }

    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        await hub.Client.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        await hub.Client.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        var states = await hub.Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs);
        return states is [var state, ..] && state is not null ? Metadata(state, getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            await hub.EnsureCreatedAsync();
            var condition = new DurableTask.AzureStorage.Tracking.OrchestrationInstanceStatusQueryCondition
            {
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime ?? default,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime ?? default,
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)s).ToList(),
                FetchInput = filter?.FetchInputsAndOutputs ?? false,
            };
            var page = await hub.Service.GetOrchestrationStateAsync(condition, pageSize ?? filter?.PageSize ?? 100, continuation, cancellation);
            return new Page<OrchestrationMetadata>([.. page.OrchestrationState.Select(s => Metadata(s, condition.FetchInput))], page.ContinuationToken);
        });

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        var purged = await hub.Service.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(purged.InstancesDeleted);
    }

    public override async Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        await hub.Service.RewindTaskOrchestrationAsync(instanceId, reason);
    }

    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        await hub.EnsureCreatedAsync();
        var states = await hub.Service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: false);
        if (states is not [{ } state, ..])
        {
            return [];
        }

        var json = await hub.Service.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId);
        return HistoryJson.Read(json);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static OrchestrationMetadata Metadata(OrchestrationState state, bool inputs) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        DataConverter = DurableJson.Converter,
        RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = inputs ? state.Input : null,
        SerializedOutput = inputs ? state.Output : null,
        SerializedCustomStatus = state.Status,
        FailureDetails = Failure(state.FailureDetails),
        Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
    };

    private static TaskFailureDetails? Failure(FailureDetails? core) => core is null ? null
        : new TaskFailureDetails(core.ErrorType, core.ErrorMessage, core.StackTrace, Failure(core.InnerFailure), null);
}
