using ItEval.Rubrics;

namespace ItEval.Tests.Ranking;

/// <summary>Small rubrics built in code for scoring and ranking examples.</summary>
internal static class TestRubric
{
    /// <summary>Groups "A" (max 60: A.1 = 40, A.2 = 20) and "B" (max 40: B.1 with sub-criteria B.1.1 = 25, B.1.2 = 15).</summary>
    public static Rubric TwoGroups(decimal weightA = 1m, decimal weightB = 1m) => new(
        "test", 1, new Bilingual("Thử", "Test"), 2,
        [
            new CriteriaGroup("A", new Bilingual("Nhóm A", "Group A"), 60m, weightA,
                [Leaf("A.1", 40m), Leaf("A.2", 20m)]),
            new CriteriaGroup("B", new Bilingual("Nhóm B", "Group B"), 40m, weightB,
                [new Criterion("B.1", new Bilingual("B.1", "B.1"), 40m, null, false, null, [Leaf("B.1.1", 25m), Leaf("B.1.2", 15m)])]),
        ]);

    public static Criterion Leaf(string code, decimal max) =>
        new(code, new Bilingual(code, code), max, null, false, new PointsAnswer(), []);
}
