using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ItEval.Hosting.Azure;

/// <summary>
/// On Azure the Durable extension hands its client to functions through the <c>[DurableClient]</c> binding;
/// every trigger of the app that may start or manage orchestrations takes it and leaves it here, and the
/// app's services use it through <see cref="FunctionsDurableClient"/> (the extension caches one client per
/// task hub, so the one given last serves every caller).
/// </summary>
public sealed class DurableClientBinding
{
    private volatile DurableTaskClient? _client;

    public void Remember(DurableTaskClient client) => _client = client;

    public DurableTaskClient Current => _client
        ?? throw new InvalidOperationException("The Functions host has not handed the app a Durable client yet (it comes with the first HTTP or timer invocation).");
}

/// <summary>The app's <see cref="DurableTaskClient"/> on Azure: the client the host handed over, whatever it is.</summary>
public sealed class FunctionsDurableClient(DurableClientBinding binding) : DurableTaskClient("functions")
{
    private DurableTaskClient Inner => binding.Current;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => Inner.GetAllInstancesAsync(filter);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        Inner.RewindInstanceAsync(instanceId, reason, cancellation);

    public override Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        Inner.GetOrchestrationHistoryAsync(instanceId, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
