using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ItEval.Publication;

/// <summary>
/// The one typeface of the official PDFs: Liberation Serif 2.1 (SIL Open Font License, shipped in
/// Publication/Fonts with its licence), metric-compatible with Times New Roman, which Decree 30 asks
/// for, and complete for Vietnamese. Embedded as a subset with Unicode text, so the PDF renders and
/// copies the diacritics the same on every machine. PDFsharp's font resolver is process-wide: it is set
/// once, here.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "Liberation Serif";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        GlobalFontSettings.FontResolver ??= new PdfFonts();
        return true;
    });

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    public static XFont Font(double size, XFontStyleEx style = XFontStyleEx.Regular)
    {
        _ = Registered.Value;
        return new XFont(Family, size, style, Unicode);
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        (bold, italic) switch
        {
            (true, true) => new FontResolverInfo("LiberationSerif-BoldItalic"),
            (true, false) => new FontResolverInfo("LiberationSerif-Bold"),
            (false, true) => new FontResolverInfo("LiberationSerif-Italic"),
            _ => new FontResolverInfo("LiberationSerif-Regular"),
        };

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"ItEval.Publication.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
