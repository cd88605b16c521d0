using ItEval.Rubrics;

namespace ItEval.Tests.Rubrics;

public sealed class RubricSnapshotTests
{
    [Fact]
    public void A_cycle_keeps_its_rubric_even_when_the_file_is_edited_later()
    {
        var original = BuiltInRubrics.Json(BuiltInRubrics.DepartmentsAndDistricts);
        var frozen = RubricSnapshot.Of(RubricReader.Read(original));

        var edited = RubricReader.Read(original.Replace("\"Kế hoạch ứng dụng CNTT, chuyển đổi số năm\"", "\"Kế hoạch đã sửa\"", StringComparison.Ordinal));
        var restored = frozen.Restore();

        Assert.Equal("Kế hoạch ứng dụng CNTT, chuyển đổi số năm", restored.Leaves.First().Name.Vi);
        Assert.Equal("Kế hoạch đã sửa", edited.Leaves.First().Name.Vi);
        Assert.NotEqual(frozen.Sha256, RubricSnapshot.Of(edited).Sha256);
    }

    [Fact]
    public void The_same_rubric_always_freezes_to_the_same_hash()
    {
        var first = RubricSnapshot.Of(BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations));
        var second = RubricSnapshot.Of(BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations));

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first.Sha256);
    }

    [Fact]
    public void A_snapshot_altered_after_freezing_is_refused()
    {
        var frozen = RubricSnapshot.Of(BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations));
        var altered = frozen with { Json = frozen.Json.Replace("\"maxPoints\":3", "\"maxPoints\":30", StringComparison.Ordinal) };

        var error = Assert.Throws<InvalidDataException>(altered.Restore);

        Assert.Contains("altered", error.Message, StringComparison.Ordinal);
    }
}
