using System.Text;

namespace ItEval.Forms;

/// <summary>
/// Reads an upload into a self-assessment, whatever its format (.xlsx form, CSV or JSON), refusing
/// with a clear reason anything else: too large, empty, not a spreadsheet, old or encrypted Excel.
/// Never throws for bad input; every problem comes back in the result.
/// </summary>
public sealed class FormReader(FormSignature signature, FormOptions options)
{
    private static readonly byte[] Zip = "PK\u0003\u0004"u8.ToArray();
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The largest form file accepted (<c>Forms__MaxFileBytes</c>).</summary>
    public long MaxFileBytes => options.MaxFileBytes;

    public FormReadResult Read(Stream content, string fileName, FormContext expected)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > options.MaxFileBytes)
            {
                return FormReadResult.Rejected([FormRefusals.TooLarge(buffer.Length + Remaining(content), options.MaxFileBytes)]);
            }
        }

        return Read(buffer.ToArray(), fileName, expected);
    }

    public FormReadResult Read(byte[] bytes, string fileName, FormContext expected)
    {
        if (bytes.Length > options.MaxFileBytes)
        {
            return FormReadResult.Rejected([FormRefusals.TooLarge(bytes.Length, options.MaxFileBytes)]);
        }

        if (bytes.Length == 0)
        {
            return FormReadResult.Rejected([FormRefusals.Empty]);
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension == ".xlsm")
        {
            return FormReadResult.Rejected([FormRefusals.Macros]);
        }

        if (bytes.AsSpan().StartsWith(Zip))
        {
            var problems = PackageInspector.Inspect(bytes, options);
            return problems.Count > 0 ? FormReadResult.Rejected(problems) : XlsxFormReader.Read(bytes, expected, signature);
        }

        if (bytes.AsSpan().StartsWith(Ole))
        {
            // Encrypted .xlsx files are OLE containers holding "EncryptionInfo" and "EncryptedPackage" streams; an old
            // .xls always holds a "Workbook" (or BIFF5 "Book") stream. A container with neither is not an .xls either:
            // it is reported as protected, which is what Excel's encryption writes.
            var span = bytes.AsSpan();
            var encrypted = span.IndexOf(Encoding.Unicode.GetBytes("EncryptionInfo")) >= 0 || span.IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0
                || (span.IndexOf(Encoding.Unicode.GetBytes("Workbook")) < 0 && span.IndexOf(Encoding.Unicode.GetBytes("Book")) < 0);
            return FormReadResult.Rejected([encrypted ? FormRefusals.PasswordProtected : FormRefusals.OldExcel]);
        }

        return extension switch
        {
            ".json" => JsonFormReader.Read(bytes, expected),
            ".csv" or ".txt" => CsvFormReader.Read(bytes, expected),
            ".xlsx" or ".xlsm" or ".xls" => FormReadResult.Rejected([FormRefusals.Corrupt]),
            _ when LooksLikeJson(bytes) => JsonFormReader.Read(bytes, expected),
            _ when LooksLikeText(bytes) => CsvFormReader.Read(bytes, expected),
            _ => FormReadResult.Rejected([FormRefusals.NotASpreadsheet]),
        };
    }

    private static long Remaining(Stream content) => content.CanSeek ? content.Length - content.Position : 0;

    private static bool LooksLikeJson(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');

    private static bool LooksLikeText(byte[] bytes) =>
        !bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).Contains((byte)0) && !bytes.AsSpan().StartsWith("%PDF"u8);
}
