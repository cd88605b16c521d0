using System.Text;

namespace ItEval.Forms;

/// <summary>
/// Reads a self-assessment from CSV (UTF-8, comma or semicolon, quotes as in RFC 4180): a header
/// <c>code,answer,explanation</c> (or <c>ma,tu_danh_gia,giai_trinh</c>) and one line per scored
/// criterion, in any order. The upload link already says which unit and cycle it is for.
/// </summary>
internal static class CsvFormReader
{
    private static readonly string[][] Headers = [["code", "answer", "explanation"], ["ma", "tu_danh_gia", "giai_trinh"]];

    public static FormReadResult Read(byte[] bytes, FormContext expected)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return FormReadResult.Rejected([Where.File.Problem("tệp CSV phải được lưu với bảng mã UTF-8", "the CSV file must be saved as UTF-8")]);
        }

        var records = CsvRecords.Parse(text).ToList();
        if (records.Count == 0 || !Headers.Any(h => h.SequenceEqual(records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).Take(3))) || records[0].Fields.Count < 3)
        {
            return FormReadResult.Rejected([Where.Line(1).Problem(
                "dòng tiêu đề phải là: code,answer,explanation (hoặc ma,tu_danh_gia,giai_trinh)",
                "the header must be: code,answer,explanation (or ma,tu_danh_gia,giai_trinh)")]);
        }

        var rows = records.Skip(1)
            .Where(r => r.Fields.Any(f => f.Length > 0))
            .Select(r => new KeyedAnswer(
                r.Fields[0].Trim(),
                new RawAnswer(null, r.Fields.ElementAtOrDefault(1)),
                r.Fields.ElementAtOrDefault(2) ?? "",
                Where.Line(r.Line),
                Where.Line(r.Line)))
            .ToList();
        return KeyedAnswers.Read(rows, expected, missingAt: Where.File);
    }
}
