using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Engine;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Engine;

/// <summary>
/// Snapshots: a state read back from its snapshot and then given the newer events is the state the whole
/// history folds to; a cold instance starts from the snapshot; another build's snapshot is not read; a
/// save never moves a snapshot backwards.
/// </summary>
public sealed class SnapshotTests
{
    private static List<CycleEvent> Read(string fixture) => StoredHistories.Read(fixture);

    public static TheoryData<string> Histories => ["history-v1.json", "unit-page-events-v1.json"];

    [Theory]
    [MemberData(nameof(Histories))]
    public void A_snapshot_after_any_event_plus_the_later_events_is_the_state_the_whole_history_folds_to(string fixture)
    {
        var history = Read("history-v1.json");
        var events = fixture == "history-v1.json" ? history : [.. history.Take(4), .. Read(fixture)];
        var whole = CycleSnapshots.Write(CycleState.Fold("fixture-2026", events));

        for (var taken = 1; taken <= events.Count; taken++)
        {
            var restored = CycleSnapshots.Read(CycleSnapshots.Write(CycleState.Fold("fixture-2026", events.Take(taken))));
            foreach (var e in events.Skip(taken))
            {
                restored.Apply(e);
            }

            Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(whole).RootElement, JsonDocument.Parse(CycleSnapshots.Write(restored)).RootElement), $"after {taken} events");
            Assert.Equal(events.Count, restored.Version);
        }
    }

    [Fact]
    public void A_restored_state_decides_like_the_folded_one_and_keeps_its_lookups_rules()
    {
        var events = Read("history-v1.json");
        var folded = CycleState.Fold("fixture-2026", events);
        var restored = CycleSnapshots.Read(CycleSnapshots.Write(folded));

        Assert.Equal((folded.Phase, folded.PublishedEdition, folded.Version, folded.LastChangeAt), (restored.Phase, restored.PublishedEdition, restored.Version, restored.LastChangeAt));
        Assert.Equal(folded.Units["BTG"].Appraisals["3.2"], restored.Units["BTG"].Appraisals["3.2"]);
        Assert.Equal(folded.Rubric.MaxPoints, restored.Rubric.MaxPoints);
        // Bounced addresses are matched without regard to case, in a restored state too.
        restored.Units["BTG"].BouncedEmails["VanThu@BTG.gov.vn"] = "mailbox full";
        Assert.True(restored.Units["BTG"].BouncedEmails.ContainsKey("vanthu@btg.gov.vn"));
    }

    [Theory]
    [InlineData(typeof(CycleState))]
    [InlineData(typeof(UnitProgress))]
    public void Every_property_the_fold_writes_is_in_the_snapshot_and_nothing_else_holds_state(Type type)
    {
        var stored = CycleSnapshots.StoredProperties(type);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

        // An auto-property (compiler-made getter) holds state; an expression-bodied one is derived from it.
        var holding = properties.Where(p => p.GetMethod!.IsDefined(typeof(CompilerGeneratedAttribute))).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
        Assert.Empty(holding.Except(stored));
        Assert.Contains(type == typeof(CycleState) ? "version" : "submissionId", stored);
        Assert.DoesNotContain(type == typeof(CycleState) ? "lastError" : "submitted", stored);
        // No state hides in a field that is not a property's (the rubric is only a parse of the definition).
        var fields = type.GetFields(BindingFlags.NonPublic | BindingFlags.Instance).Where(f => !f.IsDefined(typeof(CompilerGeneratedAttribute)) && f.Name != "_rubric");
        Assert.Empty(fields.Select(f => f.Name));
    }

    [Fact]
    public async Task A_cold_instance_starts_from_the_snapshot_and_reads_only_the_events_after_it()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var first = await AnnouncedWithSnapshotAsync(storage, "s1", 6);
        var store = first.Get<CycleStore>();
        var snapshot = await store.Snapshots.ReadAsync("s1", CycleSnapshots.Schema, CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal(await first.Query("s1", s => s.Version), snapshot.Version);

        // Mark the snapshot, so a state read from it shows; then add events after it.
        var marked = CycleSnapshots.Read(snapshot.Json);
        marked.Units["u0001"].Info = marked.Units["u0001"].Info with { Name = "Đọc từ ảnh chụp" };
        await storage.Blobs.GetBlobContainerClient(storage.Names.StateContainer).DeleteBlobAsync("snapshots/s1.json.gz");
        Assert.True(await store.Snapshots.SaveAsync("s1", snapshot.Version, CycleSnapshots.Schema, CycleSnapshots.Write(marked), CancellationToken.None));
        first.Engine.SnapshotEvery = 1_000;
        var rubric = await first.Query("s1", s => s.Rubric);
        for (var i = 2; i <= 4; i++)
        {
            Assert.Null((await first.Do("s1", new RecordSubmission($"u{i:D4}", $"s{i}", SelfScores(rubric, i)) { By = "unit" })).Refusal);
        }

        await using var cold = first.Restart();
        var (name, submitted, version) = await cold.Query("s1", s => (s.Units["u0001"].Info.Name, s.Units.Values.Count(u => u.Submitted), s.Version));

        Assert.Equal("Đọc từ ảnh chụp", name);
        Assert.Equal(3, submitted);
        Assert.Equal(snapshot.Version + 3, version);
    }

    [Fact]
    public async Task A_snapshot_of_another_schema_is_not_read_and_the_events_are_replayed()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var first = await AnnouncedWithSnapshotAsync(storage, "s2", 4);
        var store = first.Get<CycleStore>();
        var snapshot = (await store.Snapshots.ReadAsync("s2", CycleSnapshots.Schema, CancellationToken.None))!;
        var other = CycleSnapshots.Read(snapshot.Json);
        other.Units["u0001"].Info = other.Units["u0001"].Info with { Name = "Ảnh chụp của bản khác" };
        await storage.Blobs.GetBlobContainerClient(storage.Names.StateContainer).DeleteBlobAsync("snapshots/s2.json.gz");
        Assert.True(await store.Snapshots.SaveAsync("s2", snapshot.Version, "cycle-state-0-older", CycleSnapshots.Write(other), CancellationToken.None));

        await using var cold = first.Restart();
        var restored = await cold.Query("s2", CycleSnapshots.Write);
        var replayed = CycleState.Fold("s2", (await store.ReadAsync("s2", 0, CancellationToken.None)).Select(e => e.Event));

        Assert.Null(await store.Snapshots.ReadAsync("s2", CycleSnapshots.Schema, CancellationToken.None));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(CycleSnapshots.Write(replayed)).RootElement, JsonDocument.Parse(restored).RootElement));
        Assert.Equal("Đơn vị số 1", await cold.Query("s2", s => s.Units["u0001"].Info.Name));
    }

    /// <summary>A cycle of <paramref name="units"/> announced on an engine that snapshots after every append, its snapshot written.</summary>
    private static async Task<CycleHarness> AnnouncedWithSnapshotAsync(TestStorage storage, string id, int units)
    {
        var harness = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1), new Dictionary<string, string?> { ["Cycles:SnapshotEvery"] = "1" });
        await harness.Do(id, new CreateCycle(Definition(id, units)) { By = "admin" });
        await harness.Do(id, new StartCycle { By = "admin" });
        await harness.SettleAsync();
        await harness.Engine.SnapshotsWritten;
        return harness;
    }

    [Fact]
    public async Task A_save_never_moves_a_snapshot_backwards()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var snapshots = new SnapshotStore(storage.Blobs.GetBlobContainerClient(storage.Names.StateContainer));
        byte[] Json(int v) => JsonSerializer.SerializeToUtf8Bytes(new { v });

        Assert.True(await snapshots.SaveAsync("x", 5, "s", Json(5), CancellationToken.None));
        Assert.False(await snapshots.SaveAsync("x", 3, "s", Json(3), CancellationToken.None));
        Assert.False(await snapshots.SaveAsync("x", 5, "s", Json(55), CancellationToken.None));
        var racing = await Task.WhenAll(Enumerable.Range(6, 4).Select(v => snapshots.SaveAsync("x", v, "s", Json(v), CancellationToken.None)));
        var stored = (await snapshots.ReadAsync("x", "s", CancellationToken.None))!;

        Assert.Contains(true, racing);
        Assert.InRange(stored.Version, 6, 9);
        Assert.Equal(Json((int)stored.Version), stored.Json);
        Assert.Null(await snapshots.ReadAsync("x", "other", CancellationToken.None));
        Assert.Null(await snapshots.ReadAsync("y", "s", CancellationToken.None));
    }
}
