using ItEval.Rubrics;

namespace ItEval.Tests.Rubrics;

public sealed class AnswerTests
{
    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public void Yes_is_worth_the_max_and_no_is_worth_nothing(bool yes, int expected) =>
        Assert.Equal(expected, YesNoAnswer.ToPoints(yes, 3m));

    [Theory]
    [InlineData(87, 4.35)]
    [InlineData(100, 5)]
    [InlineData(0, 0)]
    [InlineData(120, 5)]
    public void Linear_percentage_is_max_times_rate(decimal percent, decimal expected) =>
        Assert.Equal(expected, new PercentageAnswer(PercentageRule.Linear, []).ToPoints(percent, 5m));

    [Theory]
    [InlineData(95, 4)]
    [InlineData(90, 4)]
    [InlineData(89.99, 3)]
    [InlineData(50, 2)]
    [InlineData(49, 0)]
    public void Stepped_percentage_takes_the_highest_step_reached(decimal percent, decimal expected)
    {
        var answer = new PercentageAnswer(PercentageRule.Steps, [new(90, 4), new(70, 3), new(50, 2)]);

        Assert.Equal(expected, answer.ToPoints(percent, 4m));
    }

    [Fact]
    public void A_level_is_found_by_its_code_in_any_case()
    {
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations);
        var staff = (LevelAnswer)rubric.FindCriterion("2.1")!.Answer!;

        Assert.Equal(3m, staff.Find("b")!.Points);
        Assert.Null(staff.Find("Z"));
    }
}
