using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Tests.Cycle;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Publication;

/// <summary>
/// Drives cycles through a whole round on the harness to the first publication: units with real
/// Vietnamese names (diacritics of every kind), all submitting, all visited and appraised, appraisal
/// closed by the admin.
/// </summary>
public static class PublishedRound
{
    public static readonly string[] Names =
    [
        "Sở Tài nguyên và Môi trường", "Huyện ủy Đức Trọng", "Ủy ban MTTQ Việt Nam tỉnh", "Báo Lâm Đồng", "Hội Liên hiệp Phụ nữ tỉnh",
        "Trường Chính trị tỉnh", "Ban Tuyên giáo Tỉnh ủy", "Thị ủy Bảo Lộc", "Sở Giáo dục và Đào tạo", "Huyện ủy Lạc Dương",
        "Tỉnh đoàn", "Hội Nông dân tỉnh",
    ];

    /// <summary>A cycle of <paramref name="units"/> units named from <see cref="Names"/>, with unit ids <c>{idPrefix}{n}</c> and codes U000n.</summary>
    public static CycleDefinition Definition(string id, int units, int year = 2026, string idPrefix = "u") =>
        SampleCycles.Definition(id, units) is var d ? d with
        {
            Year = year,
            Name = $"Đánh giá, xếp hạng mức độ ứng dụng CNTT năm {year}",
            Units = [.. d.Units.Select((u, i) => u with { Id = $"{idPrefix}{i + 1:D4}", Name = Names[i % Names.Length] })],
            RankingGroupNames = new Dictionary<string, string> { ["so"] = "Khối cơ quan cấp tỉnh", ["huyen"] = "Khối huyện ủy, thị ủy" },
        } : d;

    /// <summary>Creates and starts the cycles, takes every unit's self-assessment (seeded by its number) and lets the visits be planned.</summary>
    public static async Task CollectAsync(CycleHarness cycle, params CycleDefinition[] definitions)
    {
        foreach (var definition in definitions)
        {
            Assert.Null((await cycle.Do(definition.Id, new CreateCycle(definition) { By = "admin" })).Refusal);
            Assert.Null((await cycle.Do(definition.Id, new StartCycle { By = "admin" })).Refusal);
        }

        await cycle.SettleAsync();
        foreach (var definition in definitions)
        {
            var rubric = await cycle.Query(definition.Id, s => s.Rubric);
            for (var i = 0; i < definition.Units.Count; i++)
            {
                Assert.Null((await cycle.Do(definition.Id, new RecordSubmission(definition.Units[i].Id, $"s{i}", SelfScores(rubric, i + definition.Year)) { By = "unit" })).Refusal);
            }
        }

        await cycle.AdvanceToAsync(Vn(2026, 12, 16, 8, 1));
        foreach (var definition in definitions)
        {
            Assert.Equal(CyclePhase.Appraising, await cycle.Query(definition.Id, s => s.Phase));
        }
    }

    /// <summary>Every visited unit appraised as it assessed itself, except what <paramref name="adjust"/> changes; closed and published.</summary>
    public static async Task AppraiseAndPublishAsync(CycleHarness cycle, string cycleId, Func<string, string, decimal, decimal>? adjust = null)
    {
        var visited = await cycle.Query(cycleId, s => s.Visited.Select(u => (u.Info.Id, u.SelfScores)).ToList());
        foreach (var (unit, self) in visited)
        {
            var scores = self.Select(s => (s.Key, Points: adjust?.Invoke(unit, s.Key, s.Value) ?? s.Value))
                .Select(s => new AppraisedScore(s.Key, s.Points, s.Points == self[s.Key] ? null : "Minh chứng chưa đầy đủ", "tv1", cycle.Time.GetUtcNow())).ToList();
            Assert.Null((await cycle.Do(cycleId, new RecordAppraisal(unit, scores) { By = "Nguyễn Văn An (an)" })).Refusal);
        }

        Assert.Null((await cycle.Do(cycleId, new CloseAppraisal("Đã thẩm định đủ các đơn vị") { By = "admin" })).Refusal);
        await cycle.SettleAsync();
        Assert.Null((await cycle.Do(cycleId, new PublishResults { By = "admin" })).Refusal);
        await cycle.SettleAsync();
    }
}
