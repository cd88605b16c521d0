using System.Globalization;

namespace ItEval.Forms;

/// <summary>
/// Reads a filled .xlsx form: checks its signed identity against the unit's context, checks that the
/// rows are exactly the generated ones, and reads each answer from the cell's value. Formula results
/// cached in the file are never used.
/// </summary>
internal static class XlsxFormReader
{
    public static FormReadResult Read(byte[] package, FormContext expected, FormSignature signature)
    {
        try
        {
            using var workbook = new XlsxCells(package);
            return Read(workbook, expected, signature);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or FormatException or OverflowException)
        {
            // Parts missing or malformed in ways the inspector cannot see: the file is not a usable workbook.
            return FormReadResult.Rejected([FormRefusals.Corrupt]);
        }
    }

    private static FormReadResult Read(XlsxCells workbook, FormContext expected, FormSignature signature)
    {
        var meta = workbook.Sheet(FormLayout.MetadataSheetName);
        if (meta is null)
        {
            return FormReadResult.Rejected([FormRefusals.NotOurForm]);
        }

        if (IdentityProblem(meta, expected, signature) is { } refusal)
        {
            return FormReadResult.Rejected([refusal]);
        }

        var cells = workbook.Sheet(FormLayout.SheetName);
        if (cells is null)
        {
            return FormReadResult.Rejected([Where.File.Problem(
                $"không tìm thấy trang \"{FormLayout.SheetName}\"; không được đổi tên hay xóa trang này",
                $"the sheet \"{FormLayout.SheetName}\" is missing; do not rename or delete it")]);
        }

        var layout = FormLayout.For(expected.Rubric);
        var problems = new List<FormProblem>();
        if (StructureProblem(cells, layout) is { } structure)
        {
            return FormReadResult.Rejected([structure]);
        }

        var inputs = new List<LeafInput>();
        foreach (var row in layout.Leaves)
        {
            var answerAt = Where.Cell($"{FormLayout.AnswerColumn}{row.Row}");
            var explanationAt = Where.Cell($"{FormLayout.ExplanationColumn}{row.Row}");
            var answer = cells.GetValueOrDefault(answerAt.Key);
            if (answer.IsFormula)
            {
                problems.Add(answerAt.Problem("không dùng công thức trong ô tự đánh giá, hãy nhập giá trị", "do not use a formula in the self-assessment cell; type the value"));
                continue;
            }

            inputs.Add(new LeafInput(row.Criterion!, answer.Raw, cells.GetValueOrDefault(explanationAt.Key).Raw.Text ?? "", answerAt, explanationAt));
        }

        var assessment = AnswerRules.Build(expected, inputs, problems);
        return new FormReadResult(problems.Count == 0 ? assessment : null, problems);
    }

    private static FormProblem? IdentityProblem(Dictionary<string, CellContent> meta, FormContext expected, FormSignature signature)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (reference, cell) in meta.Where(c => c.Key.StartsWith('A')))
        {
            // A key written twice can only be an edit of the hidden sheet.
            if (!values.TryAdd(cell.Raw.Text ?? "", meta.GetValueOrDefault("B" + reference[1..]).Raw.Text ?? ""))
            {
                return FormRefusals.Tampered;
            }
        }

        string Value(string key) => values.GetValueOrDefault(key) ?? "";
        if (!int.TryParse(Value("rubricVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return values.Count == 0 ? FormRefusals.NotOurForm : FormRefusals.Tampered;
        }

        var metadata = new FormMetadata(Value("formId"), Value("cycleId"), Value("unitId"), Value("rubricId"), version);
        return !signature.IsValid(metadata, Value("signature")) ? FormRefusals.Tampered
            : metadata.CycleId != expected.CycleId ? FormRefusals.OtherCycle
            : metadata.UnitId != expected.UnitId ? FormRefusals.OtherUnit
            : metadata.RubricId != expected.Rubric.Id || metadata.RubricVersion != expected.Rubric.Version
                ? FormRefusals.OtherRubric(metadata.RubricId, metadata.RubricVersion, expected.Rubric.Version)
            : null;
    }

    /// <summary>The first row whose code is not the expected one, or a row added below the total.</summary>
    private static FormProblem? StructureProblem(Dictionary<string, CellContent> cells, FormLayout layout)
    {
        foreach (var row in layout.Rows)
        {
            var at = Where.Cell($"{FormLayout.CodeColumn}{row.Row}");
            var found = cells.GetValueOrDefault(at.Key).Raw.Shown;
            if (found != row.Code)
            {
                return at.Problem(
                    $"cần mã {row.Code} nhưng thấy \"{found}\"; không được thêm, xóa hay đổi thứ tự các dòng, hãy dùng lại phiếu gốc",
                    $"expected code {row.Code} but found \"{found}\"; rows must not be added, removed or reordered, use the original form");
            }
        }

        var added = cells.Keys
            .Select(reference => (Reference: reference, Row: int.Parse(reference.AsSpan(reference.AsSpan().IndexOfAnyInRange('0', '9')), CultureInfo.InvariantCulture)))
            .Where(c => c.Row > layout.TotalRow && !cells[c.Reference].Raw.IsEmpty)
            .OrderBy(c => c.Row)
            .FirstOrDefault();
        return added.Reference is null ? null : Where.Cell(added.Reference).Problem(
            "có dữ liệu bên dưới dòng tổng điểm; không được thêm dòng, hãy ghi giải trình ở cột F",
            "there is data below the total row; rows must not be added, write explanations in column F");
    }
}
