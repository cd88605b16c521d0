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

        var (units, _, problems) = RosterImport.FromXlsx(workbook, new ItEval.Forms.FormOptions());

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
        var (units, _, problems) = RosterImport.FromXlsx(output.ToArray(), new ItEval.Forms.FormOptions());
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
        var (units, _, problems) = RosterImport.FromCsv($"code,name,rankingGroup,district,emails\nSTTTT,Sở TT,so,tp,\"{email.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
        Assert.DoesNotContain(units.SelectMany(u => u.Emails), e => e.Any(char.IsControl) || e.Contains('<', StringComparison.Ordinal));
    }

    [Fact]
    public void A_roster_without_a_header_row_keeps_its_first_unit()
    {
        var (units, _, problems) = RosterImport.FromCsv("STTTT,Sở Thông tin và Truyền thông,so,tp,vp@stttt.gov.vn\nHU-A,Huyện ủy A,huyen,a,hu@a.gov.vn\n");

        Assert.Empty(problems);
        Assert.Equal(["STTTT", "HU-A"], units.Select(u => u.Id));
    }

    [Fact]
    public void A_Vietnamese_header_in_any_order_with_semicolons_names_the_columns_including_group_names_and_language()
    {
        var roster = RosterImport.FromCsv(
            "\uFEFFTên đơn vị;Mã đơn vị;Khối xếp hạng;Tên khối;Email;Ngôn ngữ\r\n" +
            "Sở Thông tin và Truyền thông;STTTT;so;Khối sở, ban, ngành;vp@stttt.gov.vn;\r\n" +
            "Huyện ủy A;HU-A;huyen;Khối huyện ủy;hu@a.gov.vn;en\r\n");

        Assert.Empty(roster.Problems);
        Assert.Equal([("STTTT", "Sở Thông tin và Truyền thông", "so", "vi"), ("HU-A", "Huyện ủy A", "huyen", "en")],
            roster.Units.Select(u => (u.Id, u.Name, u.RankingGroup, u.EmailLanguage)));
        Assert.Equal("Khối huyện ủy", roster.GroupNames["huyen"]);
    }

    [Theory]
    [InlineData("code,name,rankingGroup,fax,emails\n", "Dòng 1: cột \"fax\" không rõ")]
    [InlineData("code,name,rankingGroup,district\n", "Dòng 1: thiếu cột emails")]
    [InlineData("code,name,name,rankingGroup,emails\n", "Dòng 1: cột \"name\" bị lặp")]
    public void A_header_with_an_unknown_repeated_or_missing_column_is_refused_with_its_line(string header, string problem)
    {
        var roster = RosterImport.FromCsv(header + "STTTT,Sở TT,so,tp,vp@stttt.gov.vn\n");

        Assert.Empty(roster.Units);
        Assert.Contains(roster.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_csv_roster_accepts_quoted_names_with_commas()
    {
        var (units, _, problems) = RosterImport.FromCsv("code,name,rankingGroup,district,emails\r\nMTTQ,\"Ủy ban MTTQ Việt Nam tỉnh, khối đoàn thể\",mttq,tp,mttq@tinh.gov.vn\r\n");

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
