using ItEval.Rubrics;

namespace ItEval.Forms;

public enum FormRowKind
{
    Group,
    Parent,
    Leaf,
}

/// <summary>One row of the form: a criteria group, a parent criterion (sum of its children) or a scored line.</summary>
public sealed record FormRow(int Row, FormRowKind Kind, string Code, Bilingual Name, decimal MaxPoints, Criterion? Criterion, IReadOnlyList<int> ChildRows);

/// <summary>
/// Where everything sits in the form. The generator writes this layout and the reader expects exactly
/// it, so rows that were added, removed or reordered are found by their codes in column A.
/// </summary>
public sealed class FormLayout
{
    public const string SheetName = "Phiếu đánh giá";
    public const string MetadataSheetName = "_meta";
    public const int HeaderRow = 7;
    public const int FirstDataRow = 8;
    public const string CodeColumn = "A";
    public const string NameColumn = "B";
    public const string GuidanceColumn = "C";
    public const string MaxColumn = "D";
    public const string AnswerColumn = "E";
    public const string ExplanationColumn = "F";
    public const string PointsColumn = "G";

    private FormLayout(IReadOnlyList<FormRow> rows) => Rows = rows;

    public IReadOnlyList<FormRow> Rows { get; }

    public int TotalRow => FirstDataRow + Rows.Count;

    public IEnumerable<FormRow> Leaves => Rows.Where(r => r.Kind == FormRowKind.Leaf);

    public static FormLayout For(Rubric rubric)
    {
        var rows = new List<FormRow>();
        foreach (var group in rubric.Groups)
        {
            var groupIndex = rows.Count;
            rows.Add(null!);
            var children = group.Criteria.Select(c => Add(rows, c)).ToList();
            rows[groupIndex] = new FormRow(FirstDataRow + groupIndex, FormRowKind.Group, group.Code, group.Name, group.MaxPoints, null, children);
        }

        return new FormLayout(rows);
    }

    private static int Add(List<FormRow> rows, Criterion criterion)
    {
        var index = rows.Count;
        rows.Add(null!);
        var children = criterion.SubCriteria.Select(s => Add(rows, s)).ToList();
        var kind = criterion.IsLeaf ? FormRowKind.Leaf : FormRowKind.Parent;
        rows[index] = new FormRow(FirstDataRow + index, kind, criterion.Code, criterion.Name, criterion.MaxPoints, criterion, children);
        return FirstDataRow + index;
    }
}
