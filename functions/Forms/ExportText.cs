namespace ItEval.Forms;

/// <summary>
/// Text typed by units ends up in Excel and CSV exports. A cell starting with =, +, -, @ (or a tab or
/// carriage return) would run as a formula there, so such text is prefixed with an apostrophe.
/// </summary>
public static class ExportText
{
    public static string Neutralize(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
