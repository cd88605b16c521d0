using System.Text.Json;
using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Histories written by earlier builds must still fold in this one (a cycle lasts a year; the code
/// changes meanwhile). Fixtures/history-v1.json is a stored history of version-1 events from a whole
/// cycle, including an extension, reminders, a late-closed collecting, appraisal with a reason, a
/// re-appraisal and republication. It is never edited: new event versions get new fixtures.
/// </summary>
public sealed class StoredEventFixtureTests
{
    private static List<CycleEvent> Fixture() => StoredHistories.Read(StoredHistories.WholeCycleV1);

    [Fact]
    public void A_version_1_history_folds_to_the_state_it_recorded()
    {
        var state = CycleState.Fold("fixture-2026", Fixture());

        Assert.Equal((CyclePhase.Closed, 2, 21L), (state.Phase, state.PublishedEdition, state.Version));
        Assert.Equal(ScoringMethod.WeightedIndex, state.Definition!.Method);
        Assert.Equal(new DateOnly(2026, 12, 17), state.DeadlineOf(state.Units["MTTQ"]));
        Assert.False(state.Units["MTTQ"].Late);
        Assert.False(state.Units["HND"].Submitted);
        var reappraised = state.Units["BTG"].Appraisals["3.2"];
        Assert.Equal((4m, "Phúc khảo: đã có minh chứng ký số", "admin"), (reappraised.Points, reappraised.Reason, reappraised.Appraiser));
    }

    [Fact]
    public void The_folded_history_still_ranks_the_same_way()
    {
        var state = CycleState.Fold("fixture-2026", Fixture());

        var rows = Ranker.Rank(state.Id, state.Rubric, state.Assessments(), state.Definition!.Scoring);

        Assert.Equal([("dang", "BTG", (int?)1, "good"), ("mttq", "MTTQ", 1, "fair"), ("mttq", "HND", null, null)],
            rows.Select(r => (r.RankingGroup, r.UnitId, r.Rank, r.BandCode)));
        Assert.Equal(1m, rows[0].Total);
    }

    [Fact]
    public void Serializing_the_folded_events_again_gives_the_stored_json()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(StoredHistories.PathOf(StoredHistories.WholeCycleV1)));

        foreach (var (stored, e) in document.RootElement.EnumerateArray().Zip(Fixture()))
        {
            var (type, version, json) = CycleEventTypes.Serialize(e);
            Assert.Equal((stored.GetProperty("type").GetString(), stored.GetProperty("version").GetInt32()), (type, version));
            Assert.True(JsonElement.DeepEquals(stored.GetProperty("data"), JsonDocument.Parse(json).RootElement), type);
        }
    }

    [Fact]
    public void An_event_type_or_version_this_build_does_not_know_is_refused_clearly_never_read_as_the_old_shape()
    {
        var unknown = Assert.Throws<StoredEventTooNewException>(() => CycleEventTypes.Deserialize("VisitRescheduled", 1, "{}"));
        var newer = Assert.Throws<StoredEventTooNewException>(() => CycleEventTypes.Deserialize("CycleStarted", 2, "{}"));

        Assert.Contains("no such event", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("CycleStarted v2 is newer than this build knows (v1)", newer.Message, StringComparison.Ordinal);
        Assert.Contains("phiên bản ItEval mới hơn", StoredEventTooNewException.Vi, StringComparison.Ordinal);
    }

    /// <summary>An event that changed shape: version 1 had one name, version 2 splits it; the upcaster maps old rows.</summary>
    private sealed record Renamed(string Family, string Given);

    [Fact]
    public void An_upcaster_reads_a_version_1_row_as_version_2_and_a_version_2_row_as_it_is()
    {
        var known = new Dictionary<string, (int Version, Type Type)> { ["Renamed"] = (2, typeof(Renamed)) };
        var upcasters = new Dictionary<(string, int), Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>>
        {
            [("Renamed", 1)] = v1 =>
            {
                var parts = v1["name"]!.GetValue<string>().Split(' ', 2);
                return new System.Text.Json.Nodes.JsonObject { ["family"] = parts[0], ["given"] = parts.Length > 1 ? parts[1] : "" };
            },
        };

        var fromV1 = CycleEventTypes.Deserialize("Renamed", 1, """{"name":"Nguyễn Văn An"}""", known, upcasters);
        var fromV2 = CycleEventTypes.Deserialize("Renamed", 2, """{"family":"Trần","given":"Thị Bình"}""", known, upcasters);
        var noStep = Assert.Throws<InvalidDataException>(() => CycleEventTypes.Deserialize("Renamed", 1, "{}", known, new Dictionary<(string, int), Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>>()));

        Assert.Equal(new Renamed("Nguyễn", "Văn An"), fromV1);
        Assert.Equal(new Renamed("Trần", "Thị Bình"), fromV2);
        Assert.Contains("No upcaster for stored event Renamed v1", noStep.Message, StringComparison.Ordinal);
    }

    /// <summary>Events added with the unit page, as version 1 stores them (never edited, like history-v1.json).</summary>
    [Fact]
    public void Unit_page_events_of_version_1_read_and_write_the_same()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(StoredHistories.PathOf(StoredHistories.UnitPageV1)));
        var events = document.RootElement.EnumerateArray().Select(e => CycleEventTypes.Deserialize(
            e.GetProperty("type").GetString()!, e.GetProperty("version").GetInt32(), e.GetProperty("data").GetRawText())).ToList();

        foreach (var (stored, e) in document.RootElement.EnumerateArray().Zip(events))
        {
            var (type, version, json) = CycleEventTypes.Serialize(e);
            Assert.Equal((stored.GetProperty("type").GetString(), stored.GetProperty("version").GetInt32()), (type, version));
            Assert.True(JsonElement.DeepEquals(stored.GetProperty("data"), JsonDocument.Parse(json).RootElement), type);
        }

        var state = CycleState.Fold("fixture-2026", [.. Fixture().Take(4), .. events]);
        Assert.Equal((2, 1), (state.Units["MTTQ"].LinkGeneration, state.Units["BTG"].LinkGeneration));
        Assert.Equal(["moi@mttq.gov.vn"], state.Units["MTTQ"].Info.Emails);
        Assert.Equal([new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 22)], state.Units["MTTQ"].BlackoutDates);
    }
}
