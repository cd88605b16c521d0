using ItEval.Cycle;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ItEval.Publication;

/// <summary>A column of a PDF table: its heading, width in points and alignment.</summary>
internal sealed record PdfColumn(string Heading, double Width, XStringAlignment Align = XStringAlignment.Near);

/// <summary>
/// An A4 document laid out as Decree 30/2020/NĐ-CP asks of administrative documents: margins of 20 mm
/// top and bottom, 30 mm left and 15 mm right; the header block of two columns (governing body and
/// issuing agency with the number on the left, national title and motto with place and date on the
/// right); page numbers at the top centre from the second page; tables whose heading row repeats on
/// every page; the signature block with the recipients on the left.
/// </summary>
internal sealed class OfficialPdf : IDisposable
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double MarginLeft = 85.04;
    private const double MarginRight = 42.52;
    private const double MarginTop = 56.69;
    private const double MarginBottom = 56.69;
    private const double CellPadding = 3;

    private static readonly XPen Line = new(XColors.Black, 0.5);

    private readonly PdfDocument _document = new();
    private XGraphics? _graphics;
    private int _pages;

    public OfficialPdf(string title, DateTimeOffset created)
    {
        _document.Info.Title = title;
        _document.Info.Creator = "ItEval";
        _document.Info.CreationDate = created.UtcDateTime;
        _document.Info.ModificationDate = created.UtcDateTime;
        NewPage();
    }

    public static double ContentWidth => PageWidth - MarginLeft - MarginRight;

    public double Y { get; set; }

    private XGraphics G => _graphics!;

    public void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        _graphics = XGraphics.FromPdfPage(page);
        _pages++;
        Y = MarginTop;
        if (_pages > 1)
        {
            G.DrawString(_pages.ToString(CultureInfo.InvariantCulture), PdfFonts.Font(13), XBrushes.Black,
                new XRect(MarginLeft, MarginTop - 30, ContentWidth, 16), XStringFormats.TopCenter);
        }
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits on this one; true if it did.</summary>
    public bool Ensure(double height)
    {
        if (Y + height <= PageHeight - MarginBottom)
        {
            return false;
        }

        NewPage();
        return true;
    }

    /// <summary>The two-column header block of an administrative document.</summary>
    public void HeaderBlock(DocumentHeader header, string? number, string placeAndDate)
    {
        var half = ContentWidth * 0.42;
        var right = ContentWidth - half;
        var top = Y;
        var left = top;
        left = Lines(header.ParentAgency.ToUpperInvariant(), PdfFonts.Font(12.5), MarginLeft, half, left, XStringAlignment.Center);
        left = Lines(header.IssuingAgency.ToUpperInvariant(), PdfFonts.Font(12.5, XFontStyleEx.Bold), MarginLeft, half, left, XStringAlignment.Center);
        G.DrawLine(Line, MarginLeft + half * 0.3, left + 2, MarginLeft + half * 0.7, left + 2);
        left += 8;
        if (number is not null)
        {
            left = Lines(number, PdfFonts.Font(13), MarginLeft, half, left, XStringAlignment.Center);
        }

        var x = MarginLeft + half;
        var rightY = Lines(header.NationalTitle.ToUpperInvariant(), PdfFonts.Font(12, XFontStyleEx.Bold), x, right, top, XStringAlignment.Center);
        if (!string.IsNullOrWhiteSpace(header.Motto))
        {
            var motto = PdfFonts.Font(13.5, XFontStyleEx.Bold);
            rightY = Lines(header.Motto, motto, x, right, rightY, XStringAlignment.Center);
            var width = G.MeasureString(header.Motto, motto).Width;
            G.DrawLine(Line, x + (right - width) / 2, rightY + 1, x + (right + width) / 2, rightY + 1);
        }
        else
        {
            G.DrawLine(Line, x + right * 0.3, rightY + 2, x + right * 0.7, rightY + 2);
        }

        rightY = Lines(placeAndDate, PdfFonts.Font(13, XFontStyleEx.Italic), x, right, rightY + 8, XStringAlignment.Center);
        Y = Math.Max(left, rightY) + 18;
    }

    /// <summary>A paragraph across the page (wrapped), moving down.</summary>
    public void Paragraph(string text, XFont font, XStringAlignment align = XStringAlignment.Near, double after = 6)
    {
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            var height = font.GetHeight();
            if (Ensure(height))
            {
                // A paragraph continues on the new page.
            }

            G.DrawString(line, font, XBrushes.Black, new XRect(MarginLeft, Y, ContentWidth, height), Format(align));
            Y += height;
        }

        Y += after;
    }

    /// <summary>
    /// A table: the heading row, then each row (cells wrapped in their column); when a row does not fit,
    /// a new page starts with the heading row again.
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, XFont font, XFont headingFont) =>
        Table(columns, rows.Select(r => (r, false)), font, headingFont);

    /// <summary>A table whose rows may be strong (in the heading font), e.g. a criteria group's subtotal.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<(IReadOnlyList<string> Cells, bool Strong)> rows, XFont font, XFont headingFont)
    {
        var headings = columns.Select(c => c.Heading).ToList();
        var headingHeight = RowHeight(columns, headings, headingFont);
        Ensure(headingHeight + font.GetHeight() + 2 * CellPadding);
        Row(columns, headings, headingFont, headingHeight, XStringAlignment.Center);
        foreach (var (cells, strong) in rows)
        {
            var rowFont = strong ? headingFont : font;
            var height = RowHeight(columns, cells, rowFont);
            if (Ensure(height))
            {
                Row(columns, headings, headingFont, headingHeight, XStringAlignment.Center);
            }

            Row(columns, cells, rowFont, height, null);
        }

        Y += 8;
    }

    /// <summary>The signature block: recipients on the left, the signer's title, space to sign and name on the right.</summary>
    public void SignatureBlock(DocumentHeader header)
    {
        var half = ContentWidth / 2;
        var recipients = header.Recipients.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var title = header.SignerTitle.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Ensure(Math.Max(16 + recipients.Length * 14, title.Length * 16 + 90));
        var top = Y;
        var left = Lines("Nơi nhận:", PdfFonts.Font(12, XFontStyleEx.BoldItalic), MarginLeft, half, top, XStringAlignment.Near);
        foreach (var recipient in recipients)
        {
            left = Lines(recipient, PdfFonts.Font(11), MarginLeft, half, left, XStringAlignment.Near);
        }

        var right = top;
        foreach (var line in title)
        {
            right = Lines(line.ToUpperInvariant(), PdfFonts.Font(13, XFontStyleEx.Bold), MarginLeft + half, half, right, XStringAlignment.Center);
        }

        right += 70;
        if (!string.IsNullOrWhiteSpace(header.SignerName))
        {
            right = Lines(header.SignerName, PdfFonts.Font(13, XFontStyleEx.Bold), MarginLeft + half, half, right, XStringAlignment.Center);
        }

        Y = Math.Max(left, right) + 6;
    }

    public byte[] ToBytes()
    {
        _graphics?.Dispose();
        _graphics = null;
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private double RowHeight(IReadOnlyList<PdfColumn> columns, IReadOnlyList<string> cells, XFont font)
    {
        var lines = 1;
        for (var i = 0; i < columns.Count; i++)
        {
            lines = Math.Max(lines, Wrap(cells[i], font, columns[i].Width - 2 * CellPadding).Count);
        }

        return lines * font.GetHeight() + 2 * CellPadding;
    }

    private void Row(IReadOnlyList<PdfColumn> columns, IReadOnlyList<string> cells, XFont font, double height, XStringAlignment? align)
    {
        var x = MarginLeft;
        for (var i = 0; i < columns.Count; i++)
        {
            var width = columns[i].Width;
            G.DrawRectangle(Line, x, Y, width, height);
            var y = Y + CellPadding;
            foreach (var line in Wrap(cells[i], font, width - 2 * CellPadding))
            {
                G.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, y, width - 2 * CellPadding, font.GetHeight()), Format(align ?? columns[i].Align));
                y += font.GetHeight();
            }

            x += width;
        }

        Y += height;
    }

    private double Lines(string text, XFont font, double x, double width, double y, XStringAlignment align)
    {
        foreach (var line in Wrap(text, font, width))
        {
            G.DrawString(line, font, XBrushes.Black, new XRect(x, y, width, font.GetHeight()), Format(align));
            y += font.GetHeight();
        }

        return y;
    }

    /// <summary>The width a column needs to hold <paramref name="texts"/> on one line each (with its padding).</summary>
    public double WidthFor(IEnumerable<string> texts, XFont font) =>
        texts.Select(t => G.MeasureString(t, font).Width).DefaultIfEmpty(0).Max() + (2 * CellPadding) + 1;

    /// <summary>Words to lines that fit the width; a word longer than the width is cut.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && G.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }

                while (G.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && G.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static XStringFormat Format(XStringAlignment align) => align switch
    {
        XStringAlignment.Center => XStringFormats.TopCenter,
        XStringAlignment.Far => XStringFormats.TopRight,
        _ => XStringFormats.TopLeft,
    };
}
