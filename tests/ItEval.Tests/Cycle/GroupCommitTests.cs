using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ItEval.Tests.Cycle.SampleCycles;
using ItEval.Engine;

namespace ItEval.Tests.Cycle;

/// <summary>A burst of commands for one cycle: decided one after another, appended in few transactions, each caller answered.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_caller_that_gives_up_before_its_command_is_taken_gets_cancelled_and_nothing_is_stored_for_it()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1, 8));
        await cycle.Do("h", new CreateCycle(Definition("h", 3)) { By = "admin" });
        await cycle.Do("h", new StartCycle { By = "admin" });
        await cycle.SettleAsync();
        var rubric = await cycle.Query("h", s => s.Rubric);
        // Hold the first group after its append, so the next command waits in the queue.
        var release = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        cycle.Steps.OnStep = async (step, _) =>
        {
            if (step == EngineSteps.AfterAppend && held.TrySetResult())
            {
                await release.Task;
            }
        };

        var first = cycle.Do("h", new RecordSubmission("u0001", "s1", SelfScores(rubric)) { By = "unit" });
        await held.Task;
        using var giveUp = new CancellationTokenSource();
        var second = cycle.Engine.HandleAsync("h", new RecordSubmission("u0002", "s2", SelfScores(rubric)) { By = "unit" }, giveUp.Token);
        await giveUp.CancelAsync();
        release.SetResult();

        Assert.Null((await first).Refusal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        var third = await cycle.Do("h", new RecordSubmission("u0003", "s3", SelfScores(rubric)) { By = "unit" });
        Assert.Null(third.Refusal);
        Assert.Equal((true, false, true), await cycle.Query("h", s => (s.Units["u0001"].Submitted, s.Units["u0002"].Submitted, s.Units["u0003"].Submitted)));
    }

    [Fact]
    public async Task Three_hundred_simultaneous_submissions_take_far_fewer_transactions_and_each_caller_gets_its_own_answer()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var batches = new CountBatches();
        var options = new TableClientOptions();
        options.AddPolicy(batches, HttpPipelinePosition.PerCall);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Vn(2026, 12, 1, 8));
        await using var host = new EngineHost(EngineHost.SettingsFor(storage.ConnectionString, storage.Names.Prefix), time,
            services => services.AddSingleton(new TableServiceClient(storage.ConnectionString, options)));
        var engine = host.Get<CycleEngine>();
        await engine.HandleAsync("g", new CreateCycle(Definition("g", 300)) { By = "admin" }, CancellationToken.None);
        await engine.HandleAsync("g", new StartCycle { By = "admin" }, CancellationToken.None);
        await host.SettleAsync();
        var rubric = await engine.QueryAsync("g", s => s.Rubric, CancellationToken.None);
        var before = batches.Count;

        // 300 units submit at once, one of them twice more, and one unknown unit tries.
        var commands = Enumerable.Range(1, 300).Select(i => new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" })
            .Append(new RecordSubmission("u0007", "s7", SelfScores(rubric, 7)) { By = "unit" })
            .Append(new RecordSubmission("u9999", "s0", SelfScores(rubric)) { By = "unit" }).ToList();
        var results = await Task.WhenAll(commands.Select(c => Task.Run(() => engine.HandleAsync("g", c, CancellationToken.None))));
        var transactions = batches.Count - before;

        Assert.All(results.Take(300), r => Assert.Null(r.Refusal));
        // The same submission twice: whichever came first is recorded, the other changes nothing.
        Assert.Equal(1, results[6].EventsAppended + results[300].EventsAppended);
        Assert.Equal(RefusalKind.NotFound, results[301].Refusal?.Kind);
        Assert.Equal(300, await engine.QueryAsync("g", s => s.Units.Values.Count(u => u.Submitted), CancellationToken.None));
        Assert.True(transactions < 100, $"{transactions} transactions for 300 submissions");
        var history = await host.Get<CycleStore>().ReadAsync("g", 0, CancellationToken.None);
        Assert.Equal(300, history.Count(e => e.Event is SubmissionRecorded));
        Assert.Equal(history.Select(e => e.Sequence), Enumerable.Range(1, history.Count).Select(i => (long)i));
    }

    private sealed class CountBatches : HttpPipelinePolicy
    {
        private int _count;

        public int Count => _count;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Note(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Note(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Note(HttpMessage message)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
