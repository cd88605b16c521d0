using ItEval.Rubrics;

namespace ItEval.Forms;

/// <summary>
/// Whose form this is: the unit and cycle a personalised evaluation form (phiếu đánh giá) is made for,
/// and what an upload through that unit's link is checked against.
/// </summary>
public sealed record FormContext(
    string CycleId,
    string CycleName,
    string UnitId,
    string UnitCode,
    string UnitName,
    DateOnly Deadline,
    Rubric Rubric)
{
    /// <summary>Deterministic: one form per unit, cycle and rubric version.</summary>
    public string FormId => $"{CycleId}/{UnitId}/{Rubric.Id}.v{Rubric.Version}";
}
