using System.Globalization;
using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Tests.Forms;

/// <summary>Makes forms and fills them the way a unit would, by editing the cells of the real file.</summary>
internal static class FormKit
{
    public static readonly FormSignature Signature = new(RandomNumberGenerator.GetBytes(32));
    public static readonly FormOptions Options = new();

    public static FormContext Context(string rubric = BuiltInRubrics.DepartmentsAndDistricts, string unit = "so-tttt", string cycle = "2026") => new(
        cycle, $"Đánh giá, xếp hạng mức độ ứng dụng CNTT năm {cycle}", unit, "STTTT", "Sở Thông tin và Truyền thông",
        new DateOnly(2026, 12, 15), BuiltInRubrics.Load(rubric));

    public static byte[] Blank(FormContext context) => new FormGenerator(Signature).Generate(context);

    public static FormReadResult Read(byte[] file, FormContext context, string name = "phieu.xlsx") =>
        new FormReader(Signature, Options).Read(file, name, context);

    /// <summary>A typical, valid answer for every scored criterion: about 80 % of the points.</summary>
    public static Dictionary<string, (object Answer, string Explanation)> TypicalAnswers(Rubric rubric) =>
        rubric.Leaves.ToDictionary(l => l.Code, l => (l.Answer switch
        {
            YesNoAnswer => (object)"Có",
            LevelAnswer level => level.Levels[1].Code,
            PercentageAnswer => 87.5m,
            _ => Math.Round(l.MaxPoints * 0.8m, 2),
        }, $"Văn bản số {l.Code}/QĐ-STTTT, minh chứng kèm theo"));

    public static byte[] Fill(byte[] form, IReadOnlyDictionary<string, (object Answer, string Explanation)> answers) =>
        Edit(form, sheet =>
        {
            foreach (var row in sheet.Descendants<Row>())
            {
                var code = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == $"A{row.RowIndex}")?.InnerText;
                if (code is not null && answers.TryGetValue(code, out var answer))
                {
                    Set(row, "E", answer.Answer);
                    Set(row, "F", answer.Explanation);
                }
            }
        });

    /// <summary>Opens the form sheet (or another) for editing and saves the change.</summary>
    public static byte[] Edit(byte[] form, Action<Worksheet> change, string sheetName = FormLayout.SheetName)
    {
        using var buffer = new MemoryStream();
        buffer.Write(form);
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            change(part.Worksheet);
            part.Worksheet.Save();
        }

        return buffer.ToArray();
    }

    public static void Set(Row row, string column, object value)
    {
        var reference = $"{column}{row.RowIndex}";
        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            row.Append(cell);
        }

        cell.RemoveAllChildren();
        if (value is decimal or int or double)
        {
            cell.DataType = null;
            cell.CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }
        else
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text((string)value));
        }
    }

    /// <summary>The package with one part's text changed and every other part as it was (crafted files).</summary>
    public static byte[] RewritePart(byte[] package, string part, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(package), System.IO.Compression.ZipArchiveMode.Read))
        using (var target = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open(), System.Text.Encoding.UTF8);
                var content = reader.ReadToEnd();
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open(), new System.Text.UTF8Encoding(false));
                writer.Write(entry.FullName == part ? change(content) : content);
            }
        }

        return output.ToArray();
    }

    public static Row RowOf(Worksheet sheet, string code) =>
        sheet.Descendants<Row>().Single(r => r.Elements<Cell>().Any(c => c.CellReference?.Value == $"A{r.RowIndex}" && c.InnerText == code));
}
