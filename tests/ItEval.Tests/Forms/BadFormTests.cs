using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Forms;

namespace ItEval.Tests.Forms;

/// <summary>One bad file per refusal, each with the exact message the unit sees.</summary>
public sealed class BadFormTests
{
    private static readonly FormContext Context = FormKit.Context();
    private static readonly byte[] Valid = FormKit.Fill(FormKit.Blank(Context), FormKit.TypicalAnswers(Context.Rubric));

    [Fact]
    public void A_pdf_is_not_a_spreadsheet() =>
        AssertRefused(FormKit.Read("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"u8.ToArray(), Context, "phieu.pdf"),
            "Tệp: tệp không phải bảng tính Excel (.xlsx), CSV hoặc JSON",
            "File: the file is not an Excel workbook (.xlsx), CSV or JSON");

    [Fact]
    public void An_empty_upload_is_refused() =>
        AssertRefused(FormKit.Read([], Context), "Tệp: tệp rỗng", "File: the file is empty");

    [Fact]
    public void A_corrupt_archive_is_refused_without_a_stack_trace() =>
        AssertRefused(FormKit.Read([.. Valid.Take(Valid.Length / 2)], Context),
            "Tệp: tệp Excel bị hỏng hoặc không đọc được; hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại",
            "File: the Excel file is corrupt or unreadable; open it in Excel, save it as .xlsx and upload it again");

    [Fact]
    public void A_workbook_with_a_VBA_project_is_refused_as_macro_enabled() =>
        AssertRefused(FormKit.Read(WithEntry(Valid, "xl/vbaProject.bin", [1, 2, 3]), Context),
            "Tệp: tệp có chứa macro (.xlsm); hãy lưu dưới dạng Excel Workbook (.xlsx) không có macro",
            "File: the file contains macros (.xlsm); save it as an Excel Workbook (.xlsx) without macros");

    [Fact]
    public void A_garbage_file_named_xlsm_is_refused_as_macro_enabled() =>
        Assert.Equal("Tệp: tệp có chứa macro (.xlsm); hãy lưu dưới dạng Excel Workbook (.xlsx) không có macro",
            Assert.Single(FormKit.Read("not a workbook"u8.ToArray(), Context, "phieu.xlsm").Problems).Vi);

    [Fact]
    public void An_xlsm_file_name_is_refused_as_macro_enabled() =>
        Assert.Equal("Tệp: tệp có chứa macro (.xlsm); hãy lưu dưới dạng Excel Workbook (.xlsx) không có macro",
            Assert.Single(FormKit.Read(Valid, Context, "phieu.xlsm").Problems).Vi);

    [Fact]
    public void A_password_protected_workbook_is_refused()
    {
        // Excel saves an encrypted .xlsx as an OLE compound file holding an "EncryptionInfo" stream.
        var encrypted = Ole([.. Encoding.Unicode.GetBytes("EncryptionInfo"), .. Encoding.Unicode.GetBytes("EncryptedPackage")]);

        AssertRefused(FormKit.Read(encrypted, Context),
            "Tệp: tệp được đặt mật khẩu; hãy bỏ mật khẩu mở tệp rồi tải lên lại",
            "File: the file is password-protected; remove the open password and upload it again");
    }

    /// <summary>Issue 25: an encrypted workbook whose stream names the check did not find was called an old .xls; an .xls always has a Workbook stream.</summary>
    [Fact]
    public void An_ole_container_without_a_workbook_stream_is_called_password_protected_not_old_excel() =>
        AssertRefused(FormKit.Read(Ole(Encoding.Unicode.GetBytes("\u0006DataSpaces")), Context, "phieu.xlsx"),
            "Tệp: tệp được đặt mật khẩu; hãy bỏ mật khẩu mở tệp rồi tải lên lại",
            "File: the file is password-protected; remove the open password and upload it again");

    [Fact]
    public void An_old_xls_workbook_is_refused() =>
        AssertRefused(FormKit.Read(Ole(Encoding.Unicode.GetBytes("Workbook")), Context, "phieu.xls"),
            "Tệp: tệp là định dạng Excel 97-2003 (.xls); hãy dùng phiếu .xlsx được cấp",
            "File: the file is in the Excel 97-2003 format (.xls); use the .xlsx form you were given");

    [Fact]
    public void A_form_of_another_cycle_is_refused() =>
        AssertRefused(FormKit.Read(FormKit.Blank(FormKit.Context(cycle: "2025")), Context),
            "Tệp: phiếu thuộc kỳ đánh giá khác; hãy dùng phiếu của kỳ đánh giá hiện tại",
            "File: the form belongs to another evaluation cycle; use the form of the current cycle");

    [Fact]
    public void A_form_of_another_unit_is_refused() =>
        AssertRefused(FormKit.Read(FormKit.Blank(FormKit.Context(unit: "so-xay-dung")), Context),
            "Tệp: phiếu này được cấp cho đơn vị khác; hãy dùng phiếu của đơn vị mình",
            "File: this form was issued to another unit; use your own unit's form");

    [Fact]
    public void A_form_of_another_rubric_version_is_refused()
    {
        var newer = Context with { Rubric = Context.Rubric with { Version = 2 } };

        AssertRefused(FormKit.Read(Valid, newer),
            "Tệp: phiếu dùng bộ tiêu chí departments-districts phiên bản 1, kỳ này dùng phiên bản 2; hãy tải phiếu mới",
            "File: the form uses rubric departments-districts version 1 but this cycle uses version 2; download the new form");
    }

    [Fact]
    public void A_form_whose_hidden_identity_was_edited_is_refused()
    {
        var edited = FormKit.Edit(Valid, sheet => FormKit.Set(sheet.Descendants<Row>().Single(r => r.RowIndex! == 3), "B", "so-xay-dung"), FormLayout.MetadataSheetName);

        AssertRefused(FormKit.Read(edited, Context),
            "Tệp: thông tin nhận dạng của phiếu đã bị thay đổi; hãy tải lại phiếu gốc từ đường dẫn riêng của đơn vị",
            "File: the form's identity data was altered; download the original form again from your unit's link");
    }

    [Fact]
    public void A_workbook_that_is_not_an_issued_form_is_refused()
    {
        var stripped = FormKit.Edit(Valid, sheet => sheet.GetFirstChild<SheetData>()!.RemoveAllChildren(), FormLayout.MetadataSheetName);

        AssertRefused(FormKit.Read(stripped, Context),
            "Tệp: tệp không phải phiếu đánh giá do hệ thống cấp (không có thông tin nhận dạng); hãy tải phiếu từ đường dẫn riêng của đơn vị",
            "File: the file is not an evaluation form issued by the system (no identity data); download the form from your unit's link");
    }

    [Fact]
    public void A_row_inserted_in_the_middle_is_refused_at_the_first_shifted_cell()
    {
        var inserted = FormKit.Edit(Valid, sheet => InsertRowAfter(sheet, Row("1.1"), "1.1b"));

        AssertRefused(FormKit.Read(inserted, Context),
            $"Ô A{Row("1.2")}: cần mã 1.2 nhưng thấy \"1.1b\"; không được thêm, xóa hay đổi thứ tự các dòng, hãy dùng lại phiếu gốc",
            $"Cell A{Row("1.2")}: expected code 1.2 but found \"1.1b\"; rows must not be added, removed or reordered, use the original form");
    }

    [Fact]
    public void Rows_swapped_are_refused()
    {
        var swapped = FormKit.Edit(Valid, sheet =>
        {
            FormKit.Set(FormKit.RowOf(sheet, "1.2"), "A", "1.3-temp");
            FormKit.Set(FormKit.RowOf(sheet, "1.3"), "A", "1.2");
            FormKit.Set(FormKit.RowOf(sheet, "1.3-temp"), "A", "1.3");
        });

        Assert.Equal($"Ô A{Row("1.2")}: cần mã 1.2 nhưng thấy \"1.3\"; không được thêm, xóa hay đổi thứ tự các dòng, hãy dùng lại phiếu gốc",
            Assert.Single(FormKit.Read(swapped, Context).Problems).Vi);
    }

    [Fact]
    public void A_removed_row_is_refused()
    {
        var removed = FormKit.Edit(Valid, sheet => FormKit.RowOf(sheet, "5.3").Remove());

        Assert.Equal($"Ô A{Row("5.3")}: cần mã 5.3 nhưng thấy \"\"; không được thêm, xóa hay đổi thứ tự các dòng, hãy dùng lại phiếu gốc",
            Assert.Single(FormKit.Read(removed, Context).Problems).Vi);
    }

    [Fact]
    public void Data_added_below_the_total_is_refused()
    {
        var total = FormLayout.For(Context.Rubric).TotalRow;
        var added = FormKit.Edit(Valid, sheet =>
        {
            var row = new Row { RowIndex = (uint)total + 2 };
            sheet.GetFirstChild<SheetData>()!.Append(row);
            FormKit.Set(row, "B", "Tiêu chí bổ sung");
        });

        AssertRefused(FormKit.Read(added, Context),
            $"Ô B{total + 2}: có dữ liệu bên dưới dòng tổng điểm; không được thêm dòng, hãy ghi giải trình ở cột F",
            $"Cell B{total + 2}: there is data below the total row; rows must not be added, write explanations in column F");
    }

    [Theory]
    [InlineData("2.4", "bốn", "điểm \"bốn\" không phải là số", "score \"bốn\" is not a number")]
    [InlineData("2.4", -1, "điểm -1 không được âm", "score -1 must not be negative")]
    [InlineData("2.4", 12, "điểm 12 vượt quá điểm tối đa 4", "score 12 exceeds the maximum 4")]
    [InlineData("2.4", 2.125, "điểm 2,125 có quá 2 chữ số thập phân", "score 2.125 has more than 2 decimals")]
    [InlineData("2.4", "", "chưa nhập tự đánh giá cho tiêu chí 2.4", "no self-assessment entered for criterion 2.4")]
    [InlineData("1.1", "Có thể", "\"Có thể\" không hợp lệ, hãy nhập Có hoặc Không", "\"Có thể\" is not valid; enter Có (yes) or Không (no)")]
    [InlineData("1.4", "Z", "mức \"Z\" không có; hãy chọn một trong A, B, C", "level \"Z\" does not exist; choose one of A, B, C")]
    [InlineData("3.2", 120, "tỷ lệ 120% phải từ 0 đến 100", "percentage 120% must be from 0 to 100")]
    [InlineData("3.2", 87.555, "tỷ lệ 87,555 có quá 2 chữ số thập phân", "percentage 87.555 has more than 2 decimals")]
    public void Wrong_answers_are_reported_with_their_cell(string code, object typed, string vi, string en)
    {
        var answers = FormKit.TypicalAnswers(Context.Rubric);
        answers[code] = (typed is double d ? (decimal)d : typed, "Có minh chứng");

        var result = FormKit.Read(FormKit.Fill(FormKit.Blank(Context), answers), Context);
        Assert.False(result.Accepted);
        var problem = Assert.Single(result.Problems);
        var criterion = Context.Rubric.FindCriterion(code)!;
        if (typed is "")
        {
            // Nothing typed: the message already names the criterion.
            Assert.Equal(($"Ô E{Row(code)}: {vi}", $"Cell E{Row(code)}: {en}"), (problem.Vi, problem.En));
            return;
        }

        // The cell and what is wrong, then the criterion and what it takes (issue 24).
        Assert.StartsWith($"Ô E{Row(code)}: {vi} (tiêu chí {code} \"{criterion.Name.Vi[..Math.Min(20, criterion.Name.Vi.Length)]}", problem.Vi, StringComparison.Ordinal);
        Assert.StartsWith($"Cell E{Row(code)}: {en} (criterion {code} ", problem.En, StringComparison.Ordinal);
        Assert.Matches("(từ 0 đến|Có .* hoặc Không|chọn một mức)", problem.Vi);
    }

    [Fact]
    public void A_missing_explanation_where_evidence_is_required_is_reported_at_its_cell()
    {
        var answers = FormKit.TypicalAnswers(Context.Rubric);
        answers["1.1"] = ("Có", "  ");

        AssertRefused(FormKit.Read(FormKit.Fill(FormKit.Blank(Context), answers), Context),
            $"Ô F{Row("1.1")}: cần giải trình hoặc tên tệp minh chứng cho tiêu chí 1.1",
            $"Cell F{Row("1.1")}: an explanation or evidence file name is required for criterion 1.1");
    }

    [Fact]
    public void A_formula_in_an_answer_cell_is_refused()
    {
        var withFormula = FormKit.Edit(Valid, sheet =>
            FormKit.RowOf(sheet, "2.4").Elements<Cell>().Single(c => c.CellReference!.Value!.StartsWith('E')).CellFormula = new CellFormula("1+2"));

        AssertRefused(FormKit.Read(withFormula, Context),
            $"Ô E{Row("2.4")}: không dùng công thức trong ô tự đánh giá, hãy nhập giá trị",
            $"Cell E{Row("2.4")}: do not use a formula in the self-assessment cell; type the value");
    }

    [Fact]
    public void Every_problem_in_a_form_is_reported_at_once()
    {
        var answers = FormKit.TypicalAnswers(Context.Rubric);
        answers["1.1"] = ("Có", "");
        answers["2.4"] = (12m, "x");
        answers["3.2"] = (-5m, "x");

        var problems = FormKit.Read(FormKit.Fill(FormKit.Blank(Context), answers), Context).Problems;

        Assert.Equal([$"F{Row("1.1")}", $"E{Row("2.4")}", $"E{Row("3.2")}"], problems.Select(p => p.Location));
    }

    [Fact]
    public void A_file_above_the_size_limit_is_refused_before_it_is_read()
    {
        var reader = new FormReader(FormKit.Signature, new FormOptions { MaxFileBytes = 1024 * 1024 });

        var result = reader.Read(new MemoryStream(new byte[2 * 1024 * 1024]), "phieu.xlsx", Context);

        AssertRefused(result, "Tệp: tệp có dung lượng 2 MB, vượt quá giới hạn 1 MB", "File: the file is 2 MB, over the 1 MB limit");
    }

    [Fact]
    public void A_zip_bomb_is_refused_while_unpacking()
    {
        var bomb = WithEntry(Valid, "xl/media/padding.bin", new byte[40 * 1024 * 1024]);

        Assert.True(bomb.Length < 1024 * 1024, "the bomb itself is small");
        AssertRefused(FormKit.Read(bomb, Context),
            "Tệp: tệp giải nén ra quá 30 MB nên không phải phiếu đánh giá hợp lệ",
            "File: the file unpacks to more than 30 MB, so it is not a valid evaluation form");
    }

    [Fact]
    public void XML_with_an_external_entity_is_refused()
    {
        var xxe = WithEntry(Valid, "xl/worksheets/sheet2.xml",
            Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""));

        AssertRefused(FormKit.Read(xxe, Context),
            "Tệp: tệp chứa khai báo XML không được phép (DTD, thực thể ngoài)",
            "File: the file contains XML declarations that are not allowed (DTD, external entities)");
    }

    private static int Row(string code) => FormLayout.For(Context.Rubric).Rows.Single(r => r.Code == code).Row;

    private static void AssertRefused(FormReadResult result, string vi, string en)
    {
        Assert.False(result.Accepted);
        Assert.Null(result.Assessment);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(vi, problem.Vi);
        Assert.Equal(en, problem.En);
    }

    /// <summary>The package with one entry added or replaced.</summary>
    private static byte[] WithEntry(byte[] package, string name, byte[] content)
    {
        using var buffer = new MemoryStream();
        buffer.Write(package);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            entry.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Ole(byte[] body) => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. body];

    /// <summary>Inserts a row as Excel does: every row below moves down by one.</summary>
    private static void InsertRowAfter(Worksheet sheet, int after, string code)
    {
        var data = sheet.GetFirstChild<SheetData>()!;
        foreach (var row in data.Elements<Row>().Where(r => r.RowIndex! > after).Reverse())
        {
            var moved = row.RowIndex!.Value + 1;
            foreach (var cell in row.Elements<Cell>())
            {
                cell.CellReference = cell.CellReference!.Value![..1] + moved;
            }

            row.RowIndex = moved;
        }

        var inserted = new Row { RowIndex = (uint)after + 1 };
        data.InsertAfter(inserted, data.Elements<Row>().Single(r => r.RowIndex! == after));
        FormKit.Set(inserted, "A", code);
        FormKit.Set(inserted, "E", 1m);
    }
}
