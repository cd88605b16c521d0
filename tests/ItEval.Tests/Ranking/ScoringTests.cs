using ItEval.Ranking;

namespace ItEval.Tests.Ranking;

public sealed class ScoringTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Points_method_sums_criteria_each_capped_at_its_max()
    {
        var unit = Submitted(("A.1", 45m), ("A.2", 10m), ("B.1.1", 25m), ("B.1.2", 2.5m));

        var score = Scoring.Score(TestRubric.TwoGroups(), unit, new ScoringSettings());

        Assert.Equal(40m + 10m + 25m + 2.5m, score.Total);
        Assert.Equal([50m, 27.5m], score.Groups.Select(g => g.Points));
    }

    [Fact]
    public void Negative_points_count_as_zero()
    {
        var score = Scoring.Score(TestRubric.TwoGroups(), Submitted(("A.1", -5m), ("A.2", 20m)), new ScoringSettings());

        Assert.Equal(20m, score.Total);
    }

    [Fact]
    public void Weighted_index_is_the_weighted_mean_of_group_indexes_at_full_precision()
    {
        var rubric = TestRubric.TwoGroups(weightA: 2m, weightB: 1m);
        var unit = Submitted(("A.1", 40m), ("A.2", 0m), ("B.1.1", 10m), ("B.1.2", 0m));

        var score = Scoring.Score(rubric, unit, new ScoringSettings { Method = ScoringMethod.WeightedIndex });

        // A: 40/60 = 2/3, B: 10/40 = 1/4; (2 × 2/3 + 1 × 1/4) / 3 = 19/36.
        Assert.Equal((2m * (40m / 60m) + 0.25m) / 3m, score.Total);
        Assert.Equal(0.5278m, ScoreDisplay.Round(score.Total, ScoringMethod.WeightedIndex));
    }

    [Fact]
    public void Appraised_scores_replace_self_scores()
    {
        var unit = Submitted(("A.1", 40m), ("A.2", 20m)) with
        {
            Appraisals = Appraised(("A.1", 30m)),
        };

        var score = Scoring.Score(TestRubric.TwoGroups(), unit, new ScoringSettings());

        Assert.Equal(50m, score.Total);
        Assert.Equal(UnitStatus.PartlyAppraised, score.Status);
        Assert.Equal(["A.2", "B.1.1", "B.1.2"], score.NotAppraised);
    }

    [Fact]
    public void Without_appraisal_the_cycle_may_count_the_criterion_as_not_appraised()
    {
        var unit = Submitted(("A.1", 40m), ("A.2", 20m)) with { Appraisals = Appraised(("A.1", 30m)) };

        var score = Scoring.Score(TestRubric.TwoGroups(), unit, new ScoringSettings { Unappraised = UnappraisedPolicy.CountAsNotAppraised });

        Assert.Equal(30m, score.Total);
        Assert.Equal(3, score.NotAppraised.Count);
    }

    [Fact]
    public void Status_follows_how_much_was_appraised()
    {
        var rubric = TestRubric.TwoGroups();
        var all = Appraised(("A.1", 1m), ("A.2", 1m), ("B.1.1", 1m), ("B.1.2", 1m));

        Assert.Equal(UnitStatus.SelfAssessed, Scoring.Score(rubric, Submitted(("A.1", 1m)), new()).Status);
        Assert.Equal(UnitStatus.Appraised, Scoring.Score(rubric, Submitted() with { Appraisals = all }, new()).Status);
        Assert.Equal(UnitStatus.NotSubmitted, Scoring.Score(rubric, UnitAssessment.NotSubmitted("u", "g"), new()).Status);
    }

    [Fact]
    public void An_appraisal_that_differs_from_the_self_score_needs_a_reason()
    {
        var rubric = TestRubric.TwoGroups();

        var problems = AppraisalRules.Check(rubric, new AppraisedScore("A.1", 30m, " ", "tham.dinh@so.gov.vn", Noon), selfScore: 35m);

        var problem = Assert.Single(problems);
        Assert.Equal("reason", problem.Field);
        Assert.Equal("Tiêu chí A.1: điểm thẩm định khác điểm tự chấm, cần ghi lý do điều chỉnh.", problem.Vi);
    }

    [Fact]
    public void Confirming_the_self_score_needs_no_reason() =>
        Assert.Empty(AppraisalRules.Check(TestRubric.TwoGroups(), new AppraisedScore("A.1", 35m, null, "tham.dinh", Noon), 35m));

    [Fact]
    public void Confirming_a_self_score_with_more_decimals_from_a_percentage_answer_is_allowed_but_typing_them_is_not()
    {
        Assert.Empty(AppraisalRules.Check(TestRubric.TwoGroups(), new AppraisedScore("A.1", 13.125m, null, "tham.dinh", Noon), 13.125m));
        Assert.Contains(AppraisalRules.Check(TestRubric.TwoGroups(), new AppraisedScore("A.1", 13.125m, "lý do", "tham.dinh", Noon), 14m), p => p.Field == "points");
    }

    [Theory]
    [InlineData("A.1", 41, "points")]
    [InlineData("A.1", -1, "points")]
    [InlineData("A.1", 12.345, "points")]
    [InlineData("B.1", 10, "criterion")]
    [InlineData("Z.9", 1, "criterion")]
    public void Appraised_scores_outside_the_rubric_are_refused(string code, decimal points, string field)
    {
        var problems = AppraisalRules.Check(TestRubric.TwoGroups(), new AppraisedScore(code, points, "lý do", "tham.dinh", Noon), null);

        Assert.Contains(problems, p => p.Field == field);
    }

    private static UnitAssessment Submitted(params (string Code, decimal Points)[] self) =>
        new("unit", "group", true, self.ToDictionary(s => s.Code, s => s.Points), new Dictionary<string, AppraisedScore>());

    private static Dictionary<string, AppraisedScore> Appraised(params (string Code, decimal Points)[] scores) =>
        scores.ToDictionary(s => s.Code, s => new AppraisedScore(s.Code, s.Points, "điều chỉnh", "tham.dinh", Noon));
}
