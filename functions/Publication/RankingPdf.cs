using System.Globalization;
using PdfSharp.Drawing;

namespace ItEval.Publication;

/// <summary>The official ranking announcement (thông báo kết quả) as an A4 PDF.</summary>
public static class RankingPdf
{
    public const string FileName = "xep-hang.pdf";

    public static byte[] Write(EditionDocument document)
    {
        using var pdf = new OfficialPdf($"Thông báo {document.Subject}", document.PublishedAt);
        pdf.HeaderBlock(document.Header, document.Number, document.PlaceAndDate);
        pdf.Paragraph("THÔNG BÁO", PdfFonts.Font(14, XFontStyleEx.Bold), XStringAlignment.Center, after: 0);
        pdf.Paragraph(document.Subject, PdfFonts.Font(14, XFontStyleEx.Bold), XStringAlignment.Center, after: 12);
        var body = PdfFonts.Font(13);
        pdf.Paragraph($"Căn cứ kết quả tự đánh giá của các cơ quan, đơn vị và kết quả thẩm định của Tổ thẩm định, {document.Header.IssuingAgency} thông báo kết quả {Lower(document.CycleName)} như sau:", body);
        if (document.Edition > 1)
        {
            pdf.Paragraph($"Thông báo này (lần {document.Edition}) thay thế thông báo lần {document.Edition - 1}, sau khi phúc khảo theo kiến nghị của các đơn vị.", PdfFonts.Font(13, XFontStyleEx.Italic));
        }

        var table = PdfFonts.Font(11);
        var heading = PdfFonts.Font(11, XFontStyleEx.Bold);
        var width = OfficialPdf.ContentWidth;
        // A code is one word: its column fits the longest (a name wraps, a code cut in two misleads), up to a third of the page.
        var code = Math.Clamp(pdf.WidthFor(document.Tables.SelectMany(t => t.Lines).Select(l => l.Code), table), 60, width / 3);
        PdfColumn[] columns =
        [
            new("Thứ hạng", 46, XStringAlignment.Center),
            new("Mã", code),
            new("Tên cơ quan, đơn vị", width - 46 - code - 62 - 58 - 66),
            new(document.TotalHeading, 62, XStringAlignment.Far),
            new("Xếp loại", 58, XStringAlignment.Center),
            new($"So với năm {document.Year - 1}", 66, XStringAlignment.Far),
        ];
        var section = 0;
        foreach (var group in document.Tables)
        {
            pdf.Ensure(60);
            pdf.Paragraph($"{Roman(++section)}. {group.Name} ({group.Lines.Count} đơn vị)", PdfFonts.Font(13, XFontStyleEx.Bold), after: 4);
            pdf.Table(columns, group.Lines.Select(l => (IReadOnlyList<string>)[
                l.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–", l.Code, l.Name, l.TotalText, l.Band, l.ChangeText]).ToList(), table, heading);
        }

        if (document.ContentSha256 is { } sha)
        {
            pdf.Paragraph($"Mã kiểm tra nội dung bảng xếp hạng (SHA-256 của tệp {Ranking.EditionContent.FileName} công bố kèm theo): {sha}", PdfFonts.Font(10, XFontStyleEx.Italic), after: 12);
        }

        pdf.SignatureBlock(document.Header);
        return pdf.ToBytes();
    }

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLower(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];

    private static string Roman(int number) => number switch
    {
        1 => "I", 2 => "II", 3 => "III", 4 => "IV", 5 => "V", 6 => "VI", 7 => "VII", 8 => "VIII", 9 => "IX", 10 => "X",
        _ => number.ToString(CultureInfo.InvariantCulture),
    };
}
