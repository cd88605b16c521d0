using DurableTask.Core;
using ItEval.Cycle;
using ItEval.Cycle.Process;
using ItEval.Durable;
using ItEval.Tests.Infrastructure;
using ItEval.Tests.UnitPage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ItEval.Tests.Durable;

/// <summary>
/// A cycle started on one build keeps running after the next is deployed: the worker then replays the
/// stored history of the generation in flight with the new code. These tests replay real histories —
/// fixtures recorded from a whole cycle by an earlier build (never edited; a new shape gets new ones) and
/// the generations of a cycle run now — and fail when an episode would decide anything else.
/// Recording new fixtures: ITEVAL_RECORD_PROCESS_HISTORIES=1 dotnet test --filter ReplayTests.
/// </summary>
public sealed class ReplayTests
{
    private static string FixtureDirectory => Path.Combine(RepositoryRoot.Find(), "tests", "ItEval.Tests", "Durable", "Fixtures");

    private static Func<TaskOrchestration> CycleProcess() => HistoryReplay.FromCatalog(new DurableCatalog().AddCycleProcess(), CycleOrchestration.Name);

    [Fact]
    public void Histories_stored_by_earlier_builds_replay_to_the_same_decisions()
    {
        var fixtures = Directory.GetFiles(FixtureDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.True(fixtures.Count >= 5, $"only {fixtures.Count} stored histories in {FixtureDirectory}");

        var problems = fixtures.SelectMany(file => HistoryReplay.Check(RecordedGeneration.FromJson(File.ReadAllText(file)), CycleProcess())
            .Select(p => $"{Path.GetFileName(file)}: {p}")).ToList();

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Every_generation_of_a_whole_cycle_replays_on_this_build()
    {
        var recorder = new GenerationRecorder();
        var generations = await RecordWholeCycleAsync(recorder);

        Assert.Contains(generations, g => g.Shape.Contains(CycleOrchestration.RunWork, StringComparison.Ordinal));
        Assert.Contains(generations, g => g.Shape.Contains(CycleOrchestration.FireTimers, StringComparison.Ordinal));
        Assert.Contains(generations, g => g.Shape.Split(" ").Contains("timer"));
        var problems = generations.SelectMany(g => HistoryReplay.Check(g, CycleProcess())).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(3)));

        if (Environment.GetEnvironmentVariable("ITEVAL_RECORD_PROCESS_HISTORIES") == "1")
        {
            Directory.CreateDirectory(FixtureDirectory);
            foreach (var (generation, i) in generations.GroupBy(g => g.Shape, StringComparer.Ordinal).Select(g => g.MaxBy(x => x.History.Count)!).Select((g, i) => (g, i)))
            {
                await File.WriteAllTextAsync(Path.Combine(FixtureDirectory, $"cycle-process-shape{CycleOrchestration.CurrentShape}-{i + 1:D2}.json"), generation.ToJson());
            }
        }
    }

    [Fact]
    public void A_build_that_decides_differently_fails_the_replay()
    {
        var fixture = RecordedGeneration.FromJson(File.ReadAllText(Directory.GetFiles(FixtureDirectory, "*.json").Order(StringComparer.Ordinal).First()));
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter }, NullLoggerFactory.Instance);

        // The look asks for one event more than the history recorded: the same call, another input.
        var otherInput = HistoryReplay.Check(fixture, () => shims.CreateOrchestration<CycleProcessInput, ProcessEnd?>(CycleOrchestration.Name,
            (context, input) => CycleOrchestration.RunAsync(context, input! with { Through = input.Through + 1 })));
        // Another activity before the look: a call the history never made there.
        var otherCall = HistoryReplay.Check(fixture, () => shims.CreateOrchestration<CycleProcessInput, ProcessEnd?>(CycleOrchestration.Name,
            async (context, input) =>
            {
#pragma warning disable DURABLE2003 // The activity is the app's (defined in the functions project, not in this one).
                await context.CallActivityAsync<int>(CycleOrchestration.FireTimers, input!.CycleId);
#pragma warning restore DURABLE2003
                return await CycleOrchestration.RunAsync(context, input);
            }));

        Assert.NotEmpty(otherInput);
        Assert.NotEmpty(otherCall);
    }

    /// <summary>A cycle from its start to its publication and the end of its complaint window, every generation recorded.</summary>
    private static async Task<IReadOnlyList<RecordedGeneration>> RecordWholeCycleAsync(GenerationRecorder recorder)
    {
        await using (var host = await UnitPageHost.StartAsync(units: 3, services: s => s.AddSingleton(recorder.Middleware)))
        {
            await host.SubmitAsync("u0001", "u0002");
            await host.AdvanceToAsync(Vn(2026, 12, 8, 9, 1));   // a reminder
            await host.PublishAsync();
            await host.AdvanceToAsync(await host.Query(s => CycleDecider.PendingTimers(s).Select(t => t.At).DefaultIfEmpty(Vn(2027, 3, 1)).Max()) + TimeSpan.FromMinutes(1));
        }

        return [.. recorder.Generations.Where(g => g.Orchestrator == CycleOrchestration.Name)];
    }

    private static DateTimeOffset Vn(int y, int m, int d, int h = 9, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(7));
}
