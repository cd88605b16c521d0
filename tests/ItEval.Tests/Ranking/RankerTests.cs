using ItEval.Ranking;

namespace ItEval.Tests.Ranking;

public sealed class RankerTests
{
    private static readonly ItEval.Rubrics.Rubric Rubric = TestRubric.TwoGroups();

    [Theory]
    [InlineData(new[] { 90, 90, 80, 70 }, new[] { 1, 1, 3, 4 })]
    [InlineData(new[] { 90, 80, 80, 70 }, new[] { 1, 2, 2, 4 })]
    [InlineData(new[] { 90, 80, 70, 70 }, new[] { 1, 2, 3, 3 })]
    [InlineData(new[] { 90, 80, 80, 80, 60 }, new[] { 1, 2, 2, 2, 5 })]
    [InlineData(new[] { 75, 75, 75 }, new[] { 1, 1, 1 })]
    [InlineData(new[] { 42 }, new[] { 1 })]
    public void Ties_share_a_rank_and_the_next_rank_is_skipped(int[] totals, int[] expectedRanks)
    {
        var scores = totals.Select((t, i) => Score($"u{i}", "g", t)).ToList();

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings());

        Assert.Equal(expectedRanks, rows.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void Totals_are_compared_exactly_whatever_their_number_of_decimals()
    {
        var scores = new[] { Score("third", "g", 1m / 3m), Score("a", "g", 85.5m), Score("just-below", "g", 85.4999999999999999999999999m), Score("b", "g", 85.50m) };

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings());

        Assert.Equal([("a", 1), ("b", 1), ("just-below", 3), ("third", 4)], rows.Select(r => (r.UnitId, r.Rank!.Value)));
    }

    [Fact]
    public void Totals_too_large_for_the_fast_keys_are_still_ranked_exactly()
    {
        var scores = new[] { Score("tiny", "g", 0.0000000000000000000000000001m), Score("huge", "g", 7_900_000_000_000_000_000_000_000_000m), Score("mid", "g", 1.5m) };

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings());

        Assert.Equal([("huge", 1), ("mid", 2), ("tiny", 3)], rows.Select(r => (r.UnitId, r.Rank!.Value)));
    }

    [Fact]
    public void Each_ranking_group_is_ranked_on_its_own()
    {
        var rows = Ranker.Rank("2026", Rubric, [Score("so-a", "province", 60), Score("huyen-a", "district", 50), Score("so-b", "province", 70)], new ScoringSettings());

        Assert.Equal([("district", "huyen-a", 1), ("province", "so-b", 1), ("province", "so-a", 2)], rows.Select(r => (r.RankingGroup, r.UnitId, r.Rank!.Value)));
    }

    [Fact]
    public void Tie_breakers_separate_equal_totals_by_group_points_in_order()
    {
        var scores = new[] { Score("u1", "g", 80, groupA: 50), Score("u2", "g", 80, groupA: 55), Score("u3", "g", 80, groupA: 50) };

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings { TieBreakerGroups = ["A"] });

        Assert.Equal([("u2", 1), ("u1", 2), ("u3", 2)], rows.Select(r => (r.UnitId, r.Rank!.Value)));
    }

    [Fact]
    public void Units_that_did_not_submit_rank_last_with_zero_even_below_a_submitted_zero()
    {
        var scores = new[] { Score("late", "g", 0, status: UnitStatus.NotSubmitted), Score("zero", "g", 0), Score("top", "g", 90), Score("none", "g", 0, status: UnitStatus.NotSubmitted) };

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings());

        Assert.Equal([("top", 1), ("zero", 2), ("late", 3), ("none", 3)], rows.Select(r => (r.UnitId, r.Rank!.Value)));
        Assert.Equal("weak", rows[^1].BandCode);
    }

    [Fact]
    public void Units_that_did_not_submit_can_be_listed_unranked()
    {
        var scores = new[] { Score("late", "g", 0, status: UnitStatus.NotSubmitted), Score("top", "g", 90) };

        var rows = Ranker.Rank("2026", Rubric, scores, new ScoringSettings { NotSubmitted = NotSubmittedPolicy.ListUnranked });

        Assert.Equal([("top", (int?)1, "good"), ("late", null, null)], rows.Select(r => (r.UnitId, r.Rank, r.BandCode)));
        Assert.Equal(UnitStatus.NotSubmitted, rows[1].Status);
    }

    [Theory]
    [InlineData(100, "good")]
    [InlineData(85, "good")]
    [InlineData(84.99, "fair")]
    [InlineData(70, "fair")]
    [InlineData(69.999, "average")]
    [InlineData(50, "average")]
    [InlineData(49.99, "weak")]
    [InlineData(0, "weak")]
    public void Default_bands_on_100_points_at_their_exact_boundaries(decimal total, string band)
    {
        var row = Assert.Single(Ranker.Rank("2026", Rubric, [Score("u", "g", total)], new ScoringSettings()));

        Assert.Equal(band, row.BandCode);
    }

    [Theory]
    [InlineData(0.85, "good")]
    [InlineData(0.8499, "fair")]
    [InlineData(0.70, "fair")]
    [InlineData(0.50, "average")]
    [InlineData(0.4999, "weak")]
    public void Default_bands_on_the_index_use_the_same_thresholds_on_a_0_to_1_scale(decimal total, string band)
    {
        var settings = new ScoringSettings { Method = ScoringMethod.WeightedIndex };

        var row = Assert.Single(Ranker.Rank("2026", Rubric, [Score("u", "g", total)], settings));

        Assert.Equal(band, row.BandCode);
    }

    [Fact]
    public void Bands_can_be_configured()
    {
        var settings = new ScoringSettings { Bands = new BandScale([new Band("pass", "Đạt", "Pass", 60m), new Band("fail", "Chưa đạt", "Fail", 0m)]) };

        var rows = Ranker.Rank("2026", Rubric, [Score("a", "g", 60), Score("b", "g", 59.99m)], settings);

        Assert.Equal(["pass", "fail"], rows.Select(r => r.BandCode));
    }

    [Fact]
    public void The_change_from_last_year_shows_score_and_rank_moves()
    {
        var previous = new Dictionary<string, PreviousResult>
        {
            ["a"] = new("a", 70m, 2),
            ["b"] = new("b", 80.5m, 1),
        };

        var rows = Ranker.Rank("2026", Rubric, [Score("a", "g", 90), Score("b", "g", 75), Score("new", "g", 60)], new ScoringSettings(), previous);

        Assert.Equal(
            [("a", (decimal?)20m, (int?)1), ("b", -5.5m, -1), ("new", null, null)],
            rows.Select(r => (r.UnitId, r.ScoreChange, r.RankChange)));
        Assert.Equal(80.5m, rows[1].PreviousTotal);
    }

    [Fact]
    public void The_whole_path_from_assessments_gives_one_row_per_unit_ready_to_store()
    {
        var units = new[]
        {
            new UnitAssessment("so-tttt", "province", true, new Dictionary<string, decimal> { ["A.1"] = 40m, ["A.2"] = 15m, ["B.1.1"] = 25m }, new Dictionary<string, AppraisedScore>()),
            UnitAssessment.NotSubmitted("so-xd", "province"),
        };

        var rows = Ranker.Rank("2026", Rubric, units, new ScoringSettings());

        var first = rows[0];
        Assert.Equal(("2026", "province", "so-tttt", 80m, 1, "fair"), (first.CycleId, first.RankingGroup, first.UnitId, first.Total, first.Rank!.Value, first.BandCode));
        Assert.Equal([("A", 55m), ("B", 25m)], first.Groups.Select(g => (g.Code, g.Points)));
        Assert.Equal(4, first.NotAppraisedCount);
        Assert.Equal(("so-xd", UnitStatus.NotSubmitted, 2), (rows[1].UnitId, rows[1].Status, rows[1].Rank!.Value));
    }

    [Theory]
    [InlineData(85.125, "85,13")]
    [InlineData(85.124, "85,12")]
    [InlineData(100, "100,00")]
    public void Display_rounds_half_away_from_zero_in_Vietnamese_format(decimal value, string shown) =>
        Assert.Equal(shown, ScoreDisplay.Format(value, ScoringMethod.Points));

    internal static UnitScore Score(string unit, string group, decimal total, decimal? groupA = null, UnitStatus status = UnitStatus.Appraised)
    {
        var a = groupA ?? Math.Min(total, 60m);
        return new UnitScore(unit, group, status, total, [new GroupScore("A", a, 60m), new GroupScore("B", total - a, 40m)], []);
    }
}
