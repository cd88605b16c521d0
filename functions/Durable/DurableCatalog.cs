using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace ItEval.Durable;

/// <summary>
/// The orchestrators and activities of the app, by name, registered once. The standalone host turns each
/// into a DurableTask.Core task through <see cref="DurableTaskShimFactory"/>; on Azure each has a
/// <c>[Function]</c> of the same name that calls the same code (a test compares the two lists).
/// </summary>
public sealed class DurableCatalog
{
    private readonly Dictionary<string, Func<DurableTaskShimFactory, TaskOrchestration>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<DurableTaskShimFactory, IServiceProvider, TaskActivity>> _activities = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Orchestrators => _orchestrators.Keys;

    public IReadOnlyCollection<string> Activities => _activities.Keys;

    /// <summary>An orchestrator: deterministic code that only calls the context (replayed from its history).</summary>
    public DurableCatalog Orchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run)
    {
        _orchestrators.Add(name, shims => shims.CreateOrchestration<TInput, TOutput>(name, async (context, input) =>
            await run(context, input ?? throw new InvalidOperationException($"Orchestration {name} was started without its input."))));
        return this;
    }

    /// <summary>An activity run by a service of the app (resolved when the activity runs).</summary>
    public DurableCatalog Activity<TService, TInput, TOutput>(string name, Func<TService, TInput, CancellationToken, Task<TOutput>> run)
        where TService : notnull
    {
        _activities.Add(name, (shims, services) => shims.CreateActivity<TInput, TOutput>(name, async (_, input) =>
            await run(services.GetRequiredService<TService>(), input ?? throw new InvalidOperationException($"Activity {name} was called without its input."), CancellationToken.None)));
        return this;
    }

    internal TaskOrchestration CreateOrchestration(string name, DurableTaskShimFactory shims) => _orchestrators[name](shims);

    internal TaskActivity CreateActivity(string name, DurableTaskShimFactory shims, IServiceProvider services) => _activities[name](shims, services);
}
