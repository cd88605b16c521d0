using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Cycle;

namespace ItEval.Tests.Cycle;

public sealed class RosterImportTests
{
    [Fact]
    public void An_xlsx_roster_imports_every_good_row_and_names_every_bad_one()
    {
        var workbook = Workbook(
            ["Mã", "Tên đơn vị", "Khối", "Huyện", "Email"],
            ["STTTT", "Sở Thông tin và Truyền thông", "so", "tp", "vp@stttt.gov.vn; ld@stttt.gov.vn"],
            ["HU-A", "Huyện ủy A", "huyen", "a", "hu@a.gov.vn"],
            ["HU-A", "Trùng mã", "huyen", "a", "x@a.gov.vn"],
            ["BTG", "", "dang", "tp", "btg@"]);

        var (units, problems) = RosterImport.FromXlsx(workbook, new ItEval.Forms.FormOptions());

        Assert.Equal(["STTTT", "HU-A"], units.Select(u => u.Id));
        Assert.Equal(["vp@stttt.gov.vn", "ld@stttt.gov.vn"], units[0].Emails);
        Assert.Equal(
        [
            "Dòng 4: mã đơn vị \"HU-A\" bị trùng / unit code \"HU-A\" is repeated",
            "Dòng 5: thiếu tên đơn vị / the unit name is missing",
            "Dòng 5: email \"btg@\" không hợp lệ / email \"btg@\" is not valid",
        ], problems);
    }

    [Fact]
    public void A_one_megabyte_roster_that_unpacks_past_the_limit_is_refused_before_it_is_parsed()
    {
        // About a megabyte on the wire, 40 MB of distinct cells once unpacked.
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write("<worksheet><sheetData>");
            for (var row = 1; writer.BaseStream.Position < 40_000_000; row++)
            {
                writer.Write($"<row r=\"{row}\"><c r=\"A{row}\" t=\"inlineStr\"><is><t>U{row}</t></is></c><c r=\"B{row}\" t=\"inlineStr\"><is><t>Đơn vị {row}</t></is></c></row>");
            }

            writer.Write("</sheetData></worksheet>");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var (units, problems) = RosterImport.FromXlsx(output.ToArray(), new ItEval.Forms.FormOptions());
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Empty(units);
        Assert.StartsWith("rosterXlsx: tệp khi giải nén lớn hơn 30 MB", Assert.Single(problems), StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Theory]
    [InlineData("vp@stttt.gov.vn\r\nBcc: all@tinh.gov.vn")]
    [InlineData("\"Sở TT\" <vp@stttt.gov.vn>")]
    [InlineData("vp@stttt.gov.vn\u0000")]
    public void Roster_emails_are_plain_addresses_without_line_breaks(string email)
    {
        var (units, problems) = RosterImport.FromCsv($"code,name,rankingGroup,district,emails\nSTTTT,Sở TT,so,tp,\"{email.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
        Assert.DoesNotContain(units.SelectMany(u => u.Emails), e => e.Any(char.IsControl) || e.Contains('<', StringComparison.Ordinal));
    }

    [Fact]
    public void A_csv_roster_accepts_quoted_names_with_commas()
    {
        var (units, problems) = RosterImport.FromCsv("code,name,rankingGroup,district,emails\r\nMTTQ,\"Ủy ban MTTQ Việt Nam tỉnh, khối đoàn thể\",mttq,tp,mttq@tinh.gov.vn\r\n");

        Assert.Empty(problems);
        Assert.Equal("Ủy ban MTTQ Việt Nam tỉnh, khối đoàn thể", Assert.Single(units).Name);
    }

    private static byte[] Workbook(params string[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    row.Append(new Cell(new InlineString(new Text(rows[r][c]))) { CellReference = $"{(char)('A' + c)}{r + 1}", DataType = CellValues.InlineString });
                }

                data.Append(row);
            }

            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.Append(new Sheets(new Sheet { Name = "Danh sách", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }

        return buffer.ToArray();
    }
}
