using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Cycle;
using ItEval.Publication;
using ItEval.Ranking;
using ItEval.Tests.Cycle;
using ItEval.Tests.Infrastructure;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Publication;

/// <summary>The official documents read back as a reader's program would: the xlsx with OpenXml, the PDF with pdftotext.</summary>
public sealed class ExportReadbackTests
{
    private const string Id = "xh-2026";

    [SkippableFact]
    public async Task The_published_xlsx_and_pdf_say_what_the_stored_ranking_says_with_every_diacritic()
    {
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await PublishedRound.CollectAsync(cycle, PublishedRound.Definition(Id, 12));
        await PublishedRound.AppraiseAndPublishAsync(cycle, Id, (unit, _, points) => unit == "u0005" ? points / 2 : points);
        var rows = await cycle.Get<RankingStore>().ReadAsync(Id, 1, CancellationToken.None);
        var units = await cycle.Query(Id, s => s.Units.Values.ToDictionary(u => u.Info.Id, u => u.Info));
        var exports = cycle.Get<ExportStore>();

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await BytesAsync(exports, RankingWorkbook.FileName)), false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        // Ranking groups in the order of their codes (huyen, so), as everywhere in the product.
        Assert.Equal(["Thông tin", "Khối huyện ủy, thị ủy", "Khối cơ quan cấp tỉnh"], sheets.Select(s => s.Name!.Value));
        foreach (var (sheet, group) in sheets.Skip(1).Zip(["huyen", "so"]))
        {
            var lines = ((WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().Skip(2)
                .Select(r => r.Elements<Cell>().Select(Text).ToList()).ToList();
            var expected = rows.Where(r => r.RankingGroup == group).ToList();
            Assert.Equal(expected.Select(r => (r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", units[r.UnitId].Code, units[r.UnitId].Name, r.Total)),
                lines.Select(l => (l[0], l[1], l[2], decimal.Parse(l[3], NumberStyles.Float, CultureInfo.InvariantCulture))));
        }

        var pdf = await BytesAsync(exports, RankingPdf.FileName);
        // Kept as test artefacts (TestResults/exports), like the screenshots, for a person to look at.
        var artefacts = Directory.CreateDirectory(Path.Combine(ItEval.Testing.RepositoryRoot.Find(), "TestResults", "exports"));
        await File.WriteAllBytesAsync(Path.Combine(artefacts.FullName, RankingPdf.FileName), pdf);
        await File.WriteAllBytesAsync(Path.Combine(artefacts.FullName, RankingWorkbook.FileName), await BytesAsync(exports, RankingWorkbook.FileName));
        var text = Normalize(await PdfText(pdf));
        Assert.All(units.Values, unit => Assert.Contains(Normalize(unit.Name), text, StringComparison.Ordinal));
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text, StringComparison.Ordinal);
        Assert.Contains("ngày 16 tháng 12 năm 2026", text, StringComparison.Ordinal);
        Assert.Contains("Khối huyện ủy, thị ủy", text, StringComparison.Ordinal);
        Assert.Contains(await cycle.Query(Id, s => s.Editions[0].Sha256!), text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_long_ranking_repeats_the_table_heading_and_numbers_pages_from_the_second()
    {
        var lines = Enumerable.Range(1, 300).Select(i => new RankingLine(i, $"U{i:D4}", $"Ủy ban nhân dân xã Phước Lộc số {i}", 90m - i / 10m, "x", "Tốt", null, null, "", null, [1m])).ToList();
        var document = new EditionDocument(ItEval.Tests.Cycle.SampleCycles.Header, "c", "Đánh giá năm 2026", 2026, 1, ScoringMethod.Points, new DateOnly(2027, 2, 5),
            new DateTimeOffset(2027, 2, 5, 2, 0, 0, TimeSpan.Zero), "ab", ["Hạ tầng"], [new RankingTable("xa", "Khối xã", lines)]);

        var pdf = RankingPdf.Write(document);

        var pages = await PdfPages(pdf);
        Assert.True(pages.Count >= 8, $"{pages.Count} pages");
        Assert.All(pages, page => Assert.Contains("Tên cơ quan, đơn vị", page, StringComparison.Ordinal));
        Assert.All(pages, page => Assert.Contains("Thứ hạng", Normalize(page), StringComparison.Ordinal));
        Assert.All(pages.Skip(1).Select((page, i) => (page, number: i + 2)), p => Assert.StartsWith(p.number.ToString(CultureInfo.InvariantCulture), p.page.TrimStart(), StringComparison.Ordinal));
        Assert.Contains("ngày 05 tháng 02 năm 2027", pages[0], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Contains(line.Name, Normalize(string.Join(" ", pages)), StringComparison.Ordinal));
    }

    /// <summary>Issue 24: a long unit code stays whole on its line (it wrapped mid-word in a 60 pt column).</summary>
    [SkippableFact]
    public async Task A_long_unit_code_is_never_cut_in_the_ranking_pdf()
    {
        string[] codes = ["UBND-XA-PHUOC-LOC-2026", "HU-TUY-PHONG", "A1"];
        var lines = codes.Select((c, i) => new RankingLine(i + 1, c, $"Ủy ban nhân dân xã số {i + 1}", 90m - i, "x", "Tốt", null, null, "", null, [1m])).ToList();
        var document = new EditionDocument(ItEval.Tests.Cycle.SampleCycles.Header, "c", "Đánh giá năm 2026", 2026, 1, ScoringMethod.Points, new DateOnly(2027, 2, 5),
            new DateTimeOffset(2027, 2, 5, 2, 0, 0, TimeSpan.Zero), "ab", ["Hạ tầng"], [new RankingTable("xa", "Khối xã", lines)]);

        var text = string.Join("\n", await PdfPages(RankingPdf.Write(document)));

        Assert.All(codes, c => Assert.Contains(c, text, StringComparison.Ordinal));
    }

    /// <summary>
    /// Issue 24: without a place the date line read "Tỉnh, ngày …"; it is now the date alone. A Party
    /// header puts "ĐẢNG CỘNG SẢN VIỆT NAM", no motto, and the Party's number form "Số   -TB/VPTU".
    /// </summary>
    [SkippableFact]
    public async Task The_date_line_has_no_placeholder_place_and_a_party_header_reads_as_the_party_writes_it()
    {
        var lines = new[] { new RankingLine(1, "U1", "Ban Tuyên giáo và Dân vận", 90m, "90", "Tốt", null, null, "", null, [1m]) };
        EditionDocument Document(DocumentHeader header) => new(header, "c", "Đánh giá năm 2026", 2026, 1, ScoringMethod.Points, new DateOnly(2027, 2, 5),
            new DateTimeOffset(2027, 2, 5, 2, 0, 0, TimeSpan.Zero), "ab", ["Hạ tầng"], [new RankingTable("dang", "Khối Đảng", lines)]);

        var noPlace = Normalize(string.Join(" ", await PdfPages(RankingPdf.Write(Document(DocumentHeader.State)))));
        var party = Normalize(string.Join(" ", await PdfPages(RankingPdf.Write(Document(DocumentHeader.Party with { ParentAgency = "Tỉnh ủy Lâm Đồng", Place = "Lâm Đồng" })))));

        Assert.Contains("Ngày 05 tháng 02 năm 2027", noPlace, StringComparison.Ordinal);
        Assert.DoesNotContain(", ngày 05", noPlace, StringComparison.Ordinal);
        Assert.Contains("Lâm Đồng, ngày 05 tháng 02 năm 2027", party, StringComparison.Ordinal);
        Assert.Contains("ĐẢNG CỘNG SẢN VIỆT NAM", party, StringComparison.Ordinal);
        Assert.DoesNotContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", party, StringComparison.Ordinal);
        Assert.DoesNotContain("Độc lập", party, StringComparison.Ordinal);
        Assert.Contains("-TB/VPTU", party, StringComparison.Ordinal);
        Assert.DoesNotContain("Số:", party, StringComparison.Ordinal);
    }

    private static async Task<byte[]> BytesAsync(ExportStore exports, string name, string cycleId = Id)
    {
        await using var stream = await exports.OpenAsync(cycleId, 1, name, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// An index cycle (issue 24): the ranking workbook stores each unit's exact index as the cell's value
    /// (0.800175 stays 0.800175; only the number format shows 0,8002) and its sub-indices with the same
    /// four-decimal format, not as points.
    /// </summary>
    [Fact]
    public async Task An_index_cycles_workbook_keeps_the_exact_index_and_four_decimals_in_every_score_column()
    {
        const string id = "xh-index";
        await using var storage = await TestStorage.CreateAsync();
        await using var cycle = await CycleHarness.StartAsync(storage, Vn(2026, 12, 1));
        await PublishedRound.CollectAsync(cycle, PublishedRound.Definition(id, 6) with { Method = ItEval.Ranking.ScoringMethod.WeightedIndex });
        await PublishedRound.AppraiseAndPublishAsync(cycle, id, (unit, _, points) => unit == "u0002" ? points - 0.01m : points);
        var rows = await cycle.Get<RankingStore>().ReadAsync(id, 1, CancellationToken.None);
        Assert.Contains(rows, r => r.Total != ScoreDisplay.Round(r.Total, r.Method));   // more decimals than shown: a rounded cell would differ

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await BytesAsync(cycle.Get<ExportStore>(), RankingWorkbook.FileName, id)), false);
        var part = workbook.WorkbookPart!;
        var formats = part.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var custom = part.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>().Skip(1))
        {
            foreach (var line in ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().Skip(2).Select(r => r.Elements<Cell>().ToList()))
            {
                var row = rows.Single(r => r.Rank?.ToString(CultureInfo.InvariantCulture) == Text(line[0]) && r.RankingGroup == (sheet.Name!.Value!.Contains("huyện", StringComparison.Ordinal) ? "huyen" : "so"));
                Assert.Equal(row.Total, decimal.Parse(Text(line[3]), NumberStyles.Float, CultureInfo.InvariantCulture));
                var groups = line.Skip(8).ToList();
                Assert.Equal(row.Groups.Select(g => g.Points), groups.Select(c => decimal.Parse(Text(c), NumberStyles.Float, CultureInfo.InvariantCulture)));
                Assert.All(groups.Prepend(line[3]), c => Assert.Equal("0.0000", custom.GetValueOrDefault(formats[(int)c.StyleIndex!.Value].NumberFormatId!.Value)));
            }
        }
    }

    private static string Text(Cell cell) => cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "";

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static async Task<string> PdfText(byte[] pdf) => string.Join("\f", await PdfPages(pdf));

    /// <summary>pdftotext (poppler-utils, installed by test.sh), page by page.</summary>
    internal static async Task<List<string>> PdfPages(byte[] pdf)
    {
        Skip.IfNot(File.Exists("/usr/bin/pdftotext"), "pdftotext is not installed: ./test.sh installs poppler-utils when it runs as root.");
        var path = Path.Combine(Path.GetTempPath(), $"iteval-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/pdftotext") { ArgumentList = { "-enc", "UTF-8", path, "-" }, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return [.. output.Split('\f').Where(p => p.Trim().Length > 0)];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
