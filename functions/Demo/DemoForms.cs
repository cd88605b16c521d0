using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Demo;

/// <summary>
/// Fills a unit's own form as its staff would in Excel: an answer (column E) and the evidence it rests on
/// (column F) on every scored row. <c>quality</c> (0–1) decides how well the unit does; a spoiled form
/// has a word where a number belongs, so the upload is refused with the cell named.
/// </summary>
public static class DemoForms
{
    public static byte[] Fill(byte[] blank, Rubric rubric, double quality, bool spoiled = false)
    {
        using var buffer = new MemoryStream();
        buffer.Write(blank);
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            var workbook = document.WorkbookPart!;
            var sheet = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);
            var leaves = FormLayout.For(rubric).Leaves.ToDictionary(l => (uint)l.Row);
            var spoil = spoiled ? leaves.Values.First(l => l.Criterion!.Answer is PointsAnswer or PercentageAnswer).Row : -1;
            foreach (var row in sheet.Worksheet.Descendants<Row>().Where(r => leaves.ContainsKey(r.RowIndex!)))
            {
                var criterion = leaves[row.RowIndex!].Criterion!;
                foreach (var cell in row.Elements<Cell>())
                {
                    if (cell.CellReference!.Value!.StartsWith('E'))
                    {
                        Answer(cell, criterion, quality, row.RowIndex! == (uint)spoil);
                    }
                    else if (cell.CellReference.Value.StartsWith('F'))
                    {
                        Text(cell, $"Quyết định số {criterion.Code.Replace(".", "", StringComparison.Ordinal)}/QĐ-VP ngày 15/3");
                    }
                }
            }

            sheet.Worksheet.Save();
        }

        return buffer.ToArray();
    }

    private static void Answer(Cell cell, Criterion criterion, double quality, bool spoil)
    {
        if (spoil)
        {
            Text(cell, "khoảng một nửa");
            return;
        }

        switch (criterion.Answer)
        {
            case YesNoAnswer:
                Text(cell, quality >= 0.55 ? "Có" : "Không");
                break;
            case LevelAnswer level:
                var best = level.Levels.OrderByDescending(l => l.Points).ToList();
                Text(cell, best[(int)Math.Round((1 - quality) * (best.Count - 1))].Code);
                break;
            case PercentageAnswer:
                Number(cell, Math.Round((decimal)quality * 100m, 1));
                break;
            default:
                Number(cell, Math.Round(criterion.MaxPoints * (decimal)quality * 4m) / 4m);
                break;
        }
    }

    private static void Text(Cell cell, string text)
    {
        cell.DataType = CellValues.InlineString;
        cell.InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text));
        cell.CellValue = null;
    }

    private static void Number(Cell cell, decimal value)
    {
        cell.DataType = null;
        cell.InlineString = null;
        cell.CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
