using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>Two engine instances on the same storage, both pumping the queue and sweeping timers at once.</summary>
public sealed class TwoInstanceTests
{
    [Fact]
    public async Task Two_instances_run_a_500_unit_cycle_without_any_duplicate_side_effect()
    {
        const string id = "big";
        await using var storage = await TestStorage.CreateAsync();
        await using var a = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await using var b = a.Restart();
        async Task Both(Func<CycleHarness, Task> action) => await Task.WhenAll(action(a), action(b));

        await a.Do(id, new CreateCycle(Definition(id, 500, visitsPerDay: 20)) { By = "admin" });
        await Both(h => h.Do(id, new StartCycle { By = "admin" }));
        await Both(h => h.SettleAsync());
        Assert.Equal(CyclePhase.Collecting, await b.Query(id, s => s.Phase));

        var rubric = await a.Query(id, s => s.Rubric);
        var submitted = await Task.WhenAll(Enumerable.Range(1, 490)
            .Select(i => (i % 2 == 0 ? a : b).Do(id, new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" })));
        Assert.All(submitted, r => Assert.Null(r.Refusal));
        foreach (var at in new[] { Vn(2026, 12, 8, 8, 1), Vn(2026, 12, 12, 8, 1), Vn(2026, 12, 14, 8, 1), Vn(2026, 12, 16, 8, 1) })
        {
            a.Time.SetUtcNow(at);
            await Both(h => h.SettleAsync());
        }

        var visited = await a.Query(id, s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList());
        Assert.Equal(490, visited.Count);
        await Both(h => Task.WhenAll(visited.Where((_, i) => i % 2 == (h == a ? 0 : 1)).Select(v => h.Do(id, new RecordAppraisal(v.Id,
            [.. v.SelfScores.Select(s => new AppraisedScore(s.Key, s.Value, null, "tv1", Vn(2026, 12, 22)))]) { By = "tv1" }))));
        await Both(h => h.SettleAsync());
        await Both(h => h.Do(id, new CloseAppraisal("Đã thẩm định đủ") { By = "admin" }));
        await Both(h => h.SettleAsync());
        await Both(h => h.Do(id, new PublishResults { By = "admin" }));
        await Both(h => h.SettleAsync());

        Assert.Equal((CyclePhase.Published, 1), await b.Query(id, s => (s.Phase, s.PublishedEdition)));
        Assert.Empty(a.Deliveries.Duplicates);
        var outbox = await a.Mailer.ListAsync(id, CancellationToken.None);
        Assert.All(outbox, row => Assert.Equal(("sent", 1), (row.GetString("Status"), row.GetInt32("Attempts") ?? 0)));
        var sent = await a.SentAsync(id);
        Assert.Equal(500, sent.Count(e => e.Kind == EmailKinds.Announcement));
        Assert.Equal(10 * 3, sent.Count(e => e.Kind == EmailKinds.Reminder));
        Assert.Equal(500, sent.Count(e => e.Kind == EmailKinds.Result));
        var files = 0;
        await foreach (var _ in new ItEval.Email.LocalMailbox(storage.Blobs, storage.Names).ListAsync(id + "/", CancellationToken.None))
        {
            files++;
        }

        Assert.Equal(outbox.Count, files);
        Assert.Equal(outbox.Count, a.Deliveries.HandedOver.Count);
        var history = await a.Get<CycleStore>().ReadAsync(id, 0, CancellationToken.None);
        Assert.Equal(history.Select(e => e.Sequence), Enumerable.Range(1, history.Count).Select(i => (long)i));
        Assert.Single(history, e => e.Event is CollectingOpened);
        Assert.Single(history, e => e.Event is CollectingClosed);
        Assert.Single(history, e => e.Event is RankingComputed);
    }
}
