using ItEval.Rubrics;

namespace ItEval.Tests.Rubrics;

public sealed class RubricReaderTests
{
    [Theory]
    [InlineData(BuiltInRubrics.PartyAndMassOrganisations, 4)]
    [InlineData(BuiltInRubrics.DepartmentsAndDistricts, 5)]
    public void Built_in_rubrics_load_with_100_points_and_at_least_20_criteria(string name, int groups)
    {
        var rubric = BuiltInRubrics.Load(name);

        Assert.Equal(100m, rubric.MaxPoints);
        Assert.Equal(groups, rubric.Groups.Count);
        Assert.True(rubric.Leaves.Count() >= 20, $"{rubric.Leaves.Count()} criteria");
        Assert.All(rubric.Leaves, c => Assert.NotNull(c.Answer));
        Assert.All(rubric.Leaves, c => Assert.False(string.IsNullOrWhiteSpace(c.Name.Vi)));
    }

    [Fact]
    public void Party_rubric_has_the_four_groups_users_know()
    {
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations);

        Assert.Equal(
            ["Môi trường tổ chức, chính sách", "Nguồn nhân lực CNTT", "Ứng dụng CNTT", "Hạ tầng hệ thống"],
            rubric.Groups.Select(g => g.Name.Vi));
    }

    [Fact]
    public void Department_rubric_has_the_five_groups_users_know()
    {
        var rubric = BuiltInRubrics.Load(BuiltInRubrics.DepartmentsAndDistricts);

        Assert.Equal(
            ["Directive documents on IT", "Technical IT infrastructure", "IT human resources", "IT application", "IT investment"],
            rubric.Groups.Select(g => g.Name.En));
    }

    [Theory]
    [InlineData(BuiltInRubrics.PartyAndMassOrganisations)]
    [InlineData(BuiltInRubrics.DepartmentsAndDistricts)]
    public void Built_in_files_ship_next_to_the_app_for_admins_to_copy(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Rubrics", "BuiltIn", name + ".json");

        Assert.Equal(BuiltInRubrics.Json(name), File.ReadAllText(file));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_path()
    {
        const string json = """
            {
              "id": "broken", "version": 1, "name": { "vi": "Hỏng", "en": "Broken" },
              "groups": [
                { "code": "1", "name": { "vi": "Nhóm 1", "en": "Group 1" }, "maxPoints": 10,
                  "criteria": [
                    { "code": "1.1", "name": { "vi": "A", "en": "A" }, "maxPoints": 4, "answer": { "type": "points" } },
                    { "code": "1.1", "name": { "vi": "B", "en": "B" }, "maxPoints": -2, "answer": { "type": "points" } },
                    { "code": "1.3", "name": { "en": "C" }, "maxPoints": "five", "answer": { "type": "stars" } }
                  ] }
              ]
            }
            """;

        var (rubric, problems) = RubricReader.TryRead(json);

        Assert.Null(rubric);
        Assert.Equal(
        [
            "$.groups[0].criteria[1].code",
            "$.groups[0].criteria[1].maxPoints",
            "$.groups[0].criteria[2].name.vi",
            "$.groups[0].criteria[2].maxPoints",
            "$.groups[0].criteria[2].answer.type",
            "$.groups[0].maxPoints",
        ], problems.Select(p => p.Path));
        Assert.Contains(problems, p => p.En == "Code \"1.1\" is already used at $.groups[0].criteria[0].");
        Assert.Contains(problems, p => p.Vi == "\"maxPoints\" không được âm (-2).");
        Assert.Contains(problems, p => p.En == "\"maxPoints\" must be a number.");
        Assert.Contains(problems, p => p.En.StartsWith("Unknown answer type \"stars\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.En == "The group's max points (10) differ from the sum of its criteria (2).");
    }

    [Fact]
    public void A_parent_criterion_must_equal_the_sum_of_its_sub_criteria_and_not_be_scored_itself()
    {
        const string json = """
            { "id": "r", "version": 1, "name": { "vi": "R", "en": "R" },
              "groups": [ { "code": "1", "name": { "vi": "N", "en": "G" }, "maxPoints": 5, "criteria": [
                { "code": "1.1", "name": { "vi": "Cha", "en": "Parent" }, "maxPoints": 5, "answer": { "type": "points" },
                  "subCriteria": [
                    { "code": "1.1.1", "name": { "vi": "Con", "en": "Child" }, "maxPoints": 3, "answer": { "type": "yesNo" } } ] } ] } ] }
            """;

        var problems = RubricReader.TryRead(json).Problems;

        Assert.Equal(["$.groups[0].criteria[0].maxPoints", "$.groups[0].criteria[0].answer"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Level_and_percentage_answers_are_checked_against_the_criterion_max()
    {
        const string json = """
            { "id": "r", "version": 1, "name": { "vi": "R", "en": "R" },
              "groups": [ { "code": "1", "name": { "vi": "N", "en": "G" }, "maxPoints": 8, "criteria": [
                { "code": "1.1", "name": { "vi": "Mức", "en": "Level" }, "maxPoints": 4, "answer": { "type": "level", "levels": [
                  { "code": "A", "name": { "vi": "Cao", "en": "High" }, "points": 5 },
                  { "code": "a", "name": { "vi": "Thấp", "en": "Low" }, "points": 1 } ] } },
                { "code": "1.2", "name": { "vi": "Tỷ lệ", "en": "Rate" }, "maxPoints": 4, "answer": { "type": "percentage", "rule": "steps", "steps": [
                  { "minPercent": 120, "points": 4 } ] } } ] } ] }
            """;

        var problems = RubricReader.TryRead(json).Problems;

        Assert.Equal(
            ["$.groups[0].criteria[0].answer.levels[0].points", "$.groups[0].criteria[0].answer.levels", "$.groups[0].criteria[1].answer.steps[0].minPercent"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_with_its_line()
    {
        var problems = RubricReader.TryRead("{\n  \"id\": \"x\",\n  oops\n}").Problems;

        var problem = Assert.Single(problems);
        Assert.Equal("line 3", problem.Path);
    }

    [Fact]
    public void The_exception_lists_every_problem()
    {
        var error = Assert.Throws<InvalidRubricException>(() => RubricReader.Read("""{ "version": 0 }"""));

        Assert.Equal(["$.id", "$.version", "$.name", "$.groups"], error.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData(BuiltInRubrics.PartyAndMassOrganisations)]
    [InlineData(BuiltInRubrics.DepartmentsAndDistricts)]
    public void Writing_and_reading_back_gives_the_same_rubric(string name)
    {
        var rubric = BuiltInRubrics.Load(name);

        var again = RubricReader.Read(RubricWriter.Write(rubric));

        Assert.Equal(RubricWriter.Write(rubric), RubricWriter.Write(again));
        Assert.Equal(rubric.Leaves.Select(l => (l.Code, l.MaxPoints, l.Answer?.Type)), again.Leaves.Select(l => (l.Code, l.MaxPoints, l.Answer?.Type)));
    }
}
