using System.Globalization;
using System.Text;

namespace ItEval.Uploads;

/// <summary>
/// Minh chứng: which files are accepted as evidence (PDF, images, office documents), checked by the
/// name's extension and by the file's first bytes, so a renamed executable is refused; and the safe
/// name it is stored under (no diacritics, no path, no spaces).
/// </summary>
public static class EvidenceFiles
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0];

    private static readonly Dictionary<string, (byte[] Magic, string ContentType)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = (Pdf, "application/pdf"),
        [".png"] = (Png, "image/png"),
        [".jpg"] = (Jpeg, "image/jpeg"),
        [".jpeg"] = (Jpeg, "image/jpeg"),
        [".docx"] = (Zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = (Zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".pptx"] = (Zip, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        [".odt"] = (Zip, "application/vnd.oasis.opendocument.text"),
        [".ods"] = (Zip, "application/vnd.oasis.opendocument.spreadsheet"),
        [".doc"] = (Ole, "application/msword"),
        [".xls"] = (Ole, "application/vnd.ms-excel"),
    };

    public static IEnumerable<string> Extensions => Types.Keys;

    /// <summary>The content type of an accepted file, or null when its name or its bytes are not an accepted type.</summary>
    public static string? ContentType(string fileName, ReadOnlySpan<byte> head) =>
        Types.TryGetValue(Path.GetExtension(fileName), out var type) && head.StartsWith(type.Magic) ? type.ContentType : null;

    /// <summary>Office Open XML and OpenDocument files are zip packages, checked like forms before they are kept.</summary>
    public static bool IsPackage(ReadOnlySpan<byte> head) => head.StartsWith(Zip);

    /// <summary>
    /// The name shown to people: the file's own name without any path, without control characters and
    /// without the invisible direction marks that can make "exe.pdf" display as "fdp.exe", at most 200
    /// characters; "tep" when nothing is left.
    /// </summary>
    /// <summary>Text a unit typed, as people will read it: without control, format (direction override) or unassigned characters; line breaks kept.</summary>
    public static string PlainText(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' || CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned))
            {
                plain.Append(c);
            }
        }

        return plain.ToString();
    }

    public static string DisplayName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var shown = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned))
            {
                shown.Append(c);
            }
        }

        var result = shown.ToString().Trim();
        return result.Length == 0 ? "tep" : result[..Math.Min(result.Length, 200)];
    }

    /// <summary>"Báo cáo  hạ tầng (2026).PDF" → "Bao-cao-ha-tang-2026.pdf"; never empty, never a path.</summary>
    public static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var stem = Path.GetFileNameWithoutExtension(name).Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var safe = new StringBuilder();
        foreach (var c in stem)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            {
                safe.Append(c);
            }
            else if (safe.Length > 0 && safe[^1] != '-')
            {
                safe.Append('-');
            }
        }

        var result = safe.ToString().Trim('-', '.');
        result = result.Length == 0 ? "tep" : result[..Math.Min(result.Length, 80)].TrimEnd('-', '.');
        return result + (extension.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? extension : "");
    }
}
