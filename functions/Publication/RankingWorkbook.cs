using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ItEval.Publication;

/// <summary>
/// The official ranking as an .xlsx: a first sheet saying what it is (cycle, edition, publication,
/// content hash), then one sheet per ranking group with rank, unit, total, band, last year's result and
/// each criteria group's points, as numbers a spreadsheet can sort and sum. Written as a stream of
/// rows (SAX), so 10,000 units take a fraction of a second.
/// </summary>
public static class RankingWorkbook
{
    public const string FileName = "xep-hang.xlsx";

    private const uint Text = 0;
    private const uint Bold = 1;
    private const uint Points = 2;
    private const uint Index = 3;
    private const uint Integer = 4;

    public static byte[] Write(EditionDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            AddSheet(workbook, sheets, Unique("Thông tin", names), writer => About(writer, document));
            foreach (var table in document.Tables)
            {
                AddSheet(workbook, sheets, Unique(table.Name, names), writer => Ranking(writer, document, table));
            }
        }

        return stream.ToArray();
    }

    private static void About(OpenXmlWriter writer, EditionDocument document)
    {
        var row = 0u;
        void Line(string label, string value)
        {
            Row(writer, ++row, () =>
            {
                String(writer, label, Bold);
                String(writer, value, Text);
            });
        }

        Line("Cơ quan ban hành", document.Header.IssuingAgency);
        Line("Văn bản", $"Thông báo {document.Subject}");
        Line("Kỳ đánh giá", $"{document.CycleName} ({document.CycleId})");
        Line("Lần công bố", document.Edition.ToString(CultureInfo.InvariantCulture));
        Line("Thời điểm công bố", document.PublishedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Line("SHA-256 của nội dung (ranking.json)", document.ContentSha256 ?? "");
    }

    private static void Ranking(OpenXmlWriter writer, EditionDocument document, RankingTable table)
    {
        var totalStyle = document.Method == ItEval.Ranking.ScoringMethod.WeightedIndex ? Index : Points;
        Row(writer, 1, () => String(writer, $"{table.Name} – {document.Subject} (lần {document.Edition})", Bold));
        string[] headings = ["Thứ hạng", "Mã", "Tên cơ quan, đơn vị", document.TotalHeading, "Xếp loại", $"{document.TotalHeading} năm {document.Year - 1}", "Tăng/giảm", $"Thứ hạng năm {document.Year - 1}"];
        Row(writer, 2, () =>
        {
            foreach (var heading in headings.Concat(document.CriteriaGroups))
            {
                String(writer, heading, Bold);
            }
        });
        var row = 2u;
        foreach (var line in table.Lines)
        {
            Row(writer, ++row, () =>
            {
                Number(writer, line.Rank, Integer);
                String(writer, line.Code, Text);
                String(writer, line.Name, Text);
                Number(writer, line.Total, totalStyle);
                String(writer, line.Band, Text);
                Number(writer, line.PreviousTotal, totalStyle);
                Number(writer, line.ScoreChange, totalStyle);
                Number(writer, line.PreviousRank, Integer);
                // An index cycle's groups are sub-indices with the rubric's four decimals, not points.
                foreach (var points in line.GroupPoints)
                {
                    Number(writer, points, totalStyle);
                }
            });
        }
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, string name, Action<OpenXmlWriter> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(part))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetViews());
            writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
            // The heading rows stay in view while scrolling.
            writer.WriteElement(new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteStartElement(new Columns());
            writer.WriteElement(new Column { Min = 1, Max = 2, Width = 12, CustomWidth = true });
            writer.WriteElement(new Column { Min = 3, Max = 3, Width = 48, CustomWidth = true });
            writer.WriteElement(new Column { Min = 4, Max = 30, Width = 14, CustomWidth = true });
            writer.WriteEndElement();
            writer.WriteStartElement(new SheetData());
            rows(writer);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)sheets.ChildElements.Count + 1, Name = name });
    }

    private static void Row(OpenXmlWriter writer, uint index, Action cells)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        cells();
        writer.WriteEndElement();
    }

    private static void String(OpenXmlWriter writer, string value, uint style) =>
        writer.WriteElement(new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value) { Space = SpaceProcessingModeValues.Preserve }))
        {
            DataType = CellValues.InlineString,
            StyleIndex = style,
        });

    private static void Number(OpenXmlWriter writer, decimal? value, uint style)
    {
        if (value is { } number)
        {
            writer.WriteElement(new Cell(new CellValue(number)) { DataType = CellValues.Number, StyleIndex = style });
        }
        else
        {
            writer.WriteElement(new Cell { StyleIndex = style });
        }
    }

    private static void Number(OpenXmlWriter writer, int? value, uint style) => Number(writer, (decimal?)value, style);

    /// <summary>Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.</summary>
    private static string Unique(string name, HashSet<string> taken)
    {
        var clean = new string([.. name.Select(c => ":\\/?*[]".Contains(c) ? ' ' : c)]).Trim();
        clean = clean.Length == 0 ? "Khối" : clean[..Math.Min(clean.Length, 31)];
        var candidate = clean;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            var suffix = $" ({i})";
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }

        return candidate;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0000" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 2, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true }) { Count = 5 });
}
