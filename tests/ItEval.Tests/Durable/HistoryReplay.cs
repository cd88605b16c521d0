using System.Collections.Concurrent;
using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using ItEval.Durable;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;

namespace ItEval.Tests.Durable;

/// <summary>
/// One orchestration generation as the worker saw it at its last episode: the history so far (the new
/// events of that episode included) and the decisions every episode made, with their inputs (the stored
/// history keeps the calls but not always their inputs). Stored as a fixture, it is what a later build
/// must replay to the same decisions.
/// </summary>
public sealed record RecordedGeneration(string Orchestrator, string InstanceId, IReadOnlyList<HistoryEvent> History, IReadOnlyList<IReadOnlyList<string>> Decisions)
{
    private static readonly JsonSerializerSettings Json = new() { Formatting = Formatting.Indented, NullValueHandling = NullValueHandling.Ignore };

    /// <summary>The calls it made, without their inputs: two generations with the same shape test the same path.</summary>
    public string Shape => string.Join(" ", Decisions.SelectMany(d => d).Select(d => d.StartsWith("timer", StringComparison.Ordinal) ? "timer" : d.Split(' ')[0] + ":" + d.Split(' ').ElementAtOrDefault(1)).Distinct());

    public string ToJson() => JsonConvert.SerializeObject(new { orchestrator = Orchestrator, instanceId = InstanceId, decisions = Decisions, history = History }, Json);

    public static RecordedGeneration FromJson(string json)
    {
        var document = Newtonsoft.Json.Linq.JObject.Parse(json);
        return new RecordedGeneration(document.Value<string>("orchestrator")!, document.Value<string>("instanceId")!,
            [.. HistoryJson.Read(document["history"]!.ToString())], document["decisions"]!.ToObject<List<List<string>>>()!);
    }
}

/// <summary>Records every generation the standalone worker runs (dispatch middleware), the last episode of each.</summary>
public sealed class GenerationRecorder
{
    private readonly ConcurrentDictionary<string, RecordedGeneration> _generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, IReadOnlyList<string>>> _decisions = new(StringComparer.Ordinal);

    /// <summary>The generations whose every episode was seen (an episode lost to a crash and rerun leaves its latest decisions).</summary>
    public IReadOnlyCollection<RecordedGeneration> Generations => [.. _generations.Values.Where(g => g.Decisions.Count == g.History.Count(e => e is OrchestratorStartedEvent))];

    public OrchestrationMiddleware Middleware => new(async (context, next) =>
    {
        await next();
        var state = context.GetProperty<OrchestrationRuntimeState>();
        var result = context.GetProperty<OrchestratorExecutionResult>();
        if (state?.OrchestrationInstance is { } instance && result is not null)
        {
            var episodes = _decisions.GetOrAdd(instance.ExecutionId, _ => new());
            episodes[state.Events.Count(e => e is OrchestratorStartedEvent)] = [.. result.Actions.Select(HistoryReplay.Describe)];
            var seen = Enumerable.Range(1, episodes.Count).TakeWhile(episodes.ContainsKey).Select(i => episodes[i]).ToList();
            _generations[instance.ExecutionId] = new RecordedGeneration(state.Name, instance.InstanceId, [.. state.Events], seen);
        }
    });
}

/// <summary>
/// Replays a recorded generation on this build, episode by episode, the way the worker does after a
/// restart or on another instance: each episode is given the history before it and the events it
/// received, and must decide exactly what it decided then (the same activities with the same inputs, the
/// same timers, the same end). A difference is what would break a cycle in flight after a deployment.
/// </summary>
public static class HistoryReplay
{
    public static IReadOnlyList<string> Check(RecordedGeneration generation, Func<TaskOrchestration> orchestration)
    {
        var problems = new List<string>();
        var events = generation.History;
        var starts = events.Select((e, i) => (e, i)).Where(x => x.e is OrchestratorStartedEvent).Select(x => x.i).ToList();
        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1] : events.Count;
            var episode = events.Skip(starts[k]).Take(end - starts[k]).ToList();
            if (k >= generation.Decisions.Count)
            {
                problems.Add($"{generation.InstanceId} episode {k + 1}/{starts.Count}: no recorded decisions");
                continue;
            }

            var expected = generation.Decisions[k];
            var state = new OrchestrationRuntimeState([.. events.Take(starts[k])]);
            foreach (var received in episode.Where(e => !IsDecision(e) && e is not OrchestratorCompletedEvent))
            {
                state.AddEvent(received);
            }

            List<string> actual;
            try
            {
                var result = new TaskOrchestrationExecutor(state, orchestration(), BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.SerializeExceptions).Execute();
                actual = [.. result.Actions.Select(Describe)];
            }
            catch (Exception ex) when (ex is NonDeterministicOrchestrationException or InvalidOperationException)
            {
                actual = [$"threw {ex.GetType().Name}: {ex.Message}"];
            }

            if (!actual.SequenceEqual(expected, StringComparer.Ordinal))
            {
                problems.Add($"{generation.InstanceId} episode {k + 1}/{starts.Count}: decided [{string.Join("; ", actual)}], recorded [{string.Join("; ", expected)}]");
            }
        }

        return problems;
    }

    /// <summary>The orchestration of the app's catalog, made as the standalone worker makes it.</summary>
    public static Func<TaskOrchestration> FromCatalog(DurableCatalog catalog, string name)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter }, NullLoggerFactory.Instance);
        return () => catalog.CreateOrchestration(name, shims);
    }

    private static bool IsDecision(HistoryEvent e) =>
        e is TaskScheduledEvent or TimerCreatedEvent or ExecutionCompletedEvent or EventSentEvent or SubOrchestrationInstanceCreatedEvent;

    public static string Describe(OrchestratorAction action) => action switch
    {
        ScheduleTaskOrchestratorAction task => $"task {task.Name} {task.Input}",
        CreateTimerOrchestratorAction timer => $"timer {Utc(timer.FireAt)}",
        OrchestrationCompleteOrchestratorAction done => $"end {done.OrchestrationStatus} {done.Result}",
        SendEventOrchestratorAction sent => $"send {sent.Instance?.InstanceId} {sent.EventName}",
        CreateSubOrchestrationAction sub => $"sub {sub.Name} {sub.Input}",
        _ => action.OrchestratorActionType.ToString(),
    };

    private static string Utc(DateTime at) =>
        (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture);
}
