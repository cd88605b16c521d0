using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ItEval.Forms;

/// <summary>The form's cell styles; the numbers are indexes into the stylesheet's cell formats.</summary>
internal static class FormStyles
{
    public const uint Title = 1;
    public const uint Header = 2;
    public const uint Text = 3;
    public const uint Number = 4;
    public const uint InputNumber = 5;
    public const uint InputText = 6;
    public const uint GroupRow = 7;
    public const uint Total = 8;
    public const uint Plain = 9;

    public static Stylesheet Create() => new(
        new Fonts(
            Font(11, bold: false),
            Font(11, bold: true),
            Font(14, bold: true)),
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid("FFD9E1F2"),
            Solid("FFFFF2CC")),
        new Borders(
            new Border(),
            new Border(
                new LeftBorder { Style = BorderStyleValues.Thin },
                new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin },
                new BottomBorder { Style = BorderStyleValues.Thin },
                new DiagonalBorder())),
        new CellFormats(
            new CellFormat(),
            Format(font: 2, fill: 0, border: 0, wrap: false),
            Format(font: 1, fill: 2, border: 1, wrap: true, center: true),
            Format(font: 0, fill: 0, border: 1, wrap: true),
            Format(font: 0, fill: 0, border: 1, wrap: false, center: true),
            Format(font: 0, fill: 3, border: 1, wrap: false, center: true, locked: false),
            Format(font: 0, fill: 3, border: 1, wrap: true, locked: false),
            Format(font: 1, fill: 2, border: 1, wrap: true),
            Format(font: 1, fill: 2, border: 1, wrap: false, center: true),
            Format(font: 0, fill: 0, border: 0, wrap: true)));

    private static Font Font(double size, bool bold)
    {
        var font = new Font(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
        if (bold)
        {
            font.PrependChild(new Bold());
        }

        return font;
    }

    private static Fill Solid(string argb) =>
        new(new PatternFill(new ForegroundColor { Rgb = argb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

    private static CellFormat Format(uint font, uint fill, uint border, bool wrap, bool center = false, bool locked = true) =>
        new(
            new Alignment
            {
                WrapText = wrap,
                Vertical = VerticalAlignmentValues.Top,
                Horizontal = center ? HorizontalAlignmentValues.Center : HorizontalAlignmentValues.Left,
            },
            new Protection { Locked = locked })
        {
            FontId = font,
            FillId = fill,
            BorderId = border,
            ApplyFont = true,
            ApplyFill = true,
            ApplyBorder = true,
            ApplyAlignment = true,
            ApplyProtection = true,
        };
}
