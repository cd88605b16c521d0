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

        var (units, problems) = RosterImport.FromXlsx(workbook);

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
