using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Benchmarks;

/// <summary>Fills a generated form the way a unit would: an answer and an explanation on every scored row.</summary>
internal static class SampleForms
{
    public static byte[] Filled(byte[] blank, Rubric rubric)
    {
        using var buffer = new MemoryStream();
        buffer.Write(blank);
        using (var document = SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            var workbook = document.WorkbookPart!;
            var part = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);
            var rows = FormLayout.For(rubric).Leaves.ToDictionary(l => (uint)l.Row);
            foreach (var row in part.Worksheet.Descendants<Row>().Where(r => rows.ContainsKey(r.RowIndex!)))
            {
                var criterion = rows[row.RowIndex!].Criterion!;
                foreach (var cell in row.Elements<Cell>())
                {
                    if (cell.CellReference!.Value!.StartsWith('E'))
                    {
                        SetAnswer(cell, criterion);
                    }
                    else if (cell.CellReference.Value.StartsWith('F'))
                    {
                        cell.DataType = CellValues.InlineString;
                        cell.InlineString = new InlineString(new Text($"Văn bản số {criterion.Code}/QĐ-STTTT"));
                    }
                }
            }

            part.Worksheet.Save();
        }

        return buffer.ToArray();
    }

    private static void SetAnswer(Cell cell, Criterion criterion)
    {
        string? text = criterion.Answer switch
        {
            YesNoAnswer => "Có",
            LevelAnswer level => level.Levels[0].Code,
            _ => null,
        };
        if (text is not null)
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(text));
        }
        else
        {
            var number = criterion.Answer is PercentageAnswer ? 87.5m : criterion.MaxPoints / 2;
            cell.CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture));
        }
    }
}
