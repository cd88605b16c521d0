using System.Globalization;
using System.Text;

namespace ItEval.Email;

/// <summary>
/// Writes an email as a MIME message (.eml): text and HTML alternatives plus attachments, UTF-8 and
/// base64, so any mail program opens it with Vietnamese intact. Reads back the HTML part for the
/// development mailbox.
/// </summary>
public static class EmlWriter
{
    public static string Write(EmailMessage message, DateTimeOffset date)
    {
        var id = OutboxMailer.RowKey(message.Id);
        var mixed = $"mixed-{Math.Abs(id.GetHashCode(StringComparison.Ordinal)):x}";
        var alternative = "alt-" + mixed[6..];
        var eml = new StringBuilder();
        void Line(string text) => eml.Append(text).Append("\r\n");
        Line("From: ItEval <no-reply@iteval.local>");
        // Nothing from data reaches a header raw: addresses lose control characters (no injected lines),
        // the subject is encoded words.
        Line($"To: {string.Join(", ", message.To.Select(EmailAddresses.HeaderSafe))}");
        Line($"Subject: {EncodedWords(message.Subject)}");
        Line($"Date: {date.ToString("r", CultureInfo.InvariantCulture)}");
        Line($"Message-ID: <{id}@iteval.local>");
        Line("MIME-Version: 1.0");
        Line($"Content-Type: multipart/mixed; boundary=\"{mixed}\"");
        Line("");
        Line($"--{mixed}");
        Line($"Content-Type: multipart/alternative; boundary=\"{alternative}\"");
        Line("");
        Part(eml, alternative, "text/plain; charset=utf-8", message.Text, null);
        if (message.Html is { } html)
        {
            Part(eml, alternative, "text/html; charset=utf-8", html, null);
        }

        Line($"--{alternative}--");
        foreach (var attachment in message.Attachments ?? [])
        {
            var fileName = EmailAddresses.HeaderSafe(attachment.FileName).Replace('"', '\'');
            Part(eml, mixed, $"{EmailAddresses.HeaderSafe(attachment.ContentType)}; charset=utf-8; name=\"{fileName}\"", attachment.Content, fileName);
        }

        Line($"--{mixed}--");
        return eml.ToString();
    }

    /// <summary>
    /// RFC 2047 encoded words of at most 68 characters (42 bytes of UTF-8 each, never splitting a
    /// character), folded onto continuation lines, so no header line is longer than 78 characters.
    /// </summary>
    public static string EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > 42)
            {
                words.Add(Word(chunk));
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length].ToArray());
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(Word(chunk));
        }

        return string.Join("\r\n ", words);

        static string Word(List<byte> bytes) => $"=?utf-8?B?{Convert.ToBase64String([.. bytes])}?=";
    }

    /// <summary>The subject, decoded from its (folded) encoded words; for the development mailbox.</summary>
    public static string Subject(string eml)
    {
        var headers = eml[..Math.Max(0, eml.IndexOf("\r\n\r\n", StringComparison.Ordinal))].Split("\r\n");
        var start = Array.FindIndex(headers, h => h.StartsWith("Subject:", StringComparison.Ordinal));
        if (start < 0)
        {
            return "";
        }

        var words = headers.Skip(start).TakeWhile((h, i) => i == 0 || h.StartsWith(' ')).Select(h => h.Replace("Subject:", "", StringComparison.Ordinal).Trim());
        return string.Concat(words.Select(w => w.StartsWith("=?utf-8?B?", StringComparison.OrdinalIgnoreCase) && w.EndsWith("?=", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(w[10..^2])) : w));
    }

    /// <summary>The attached files (name, type, content), in order; for the development mailbox.</summary>
    public static IReadOnlyList<EmailAttachment> Attachments(string eml)
    {
        var found = new List<EmailAttachment>();
        const string Disposition = "Content-Disposition: attachment; filename=\"";
        for (var at = eml.IndexOf(Disposition, StringComparison.Ordinal); at >= 0; at = eml.IndexOf(Disposition, at + 1, StringComparison.Ordinal))
        {
            var nameStart = at + Disposition.Length;
            var name = eml[nameStart..eml.IndexOf('"', nameStart)];
            var typeLine = eml.LastIndexOf("Content-Type: ", at, StringComparison.Ordinal);
            var type = eml[(typeLine + 14)..eml.IndexOfAny([';', '\r'], typeLine)];
            var body = eml.IndexOf("\r\n\r\n", at, StringComparison.Ordinal) + 4;
            var end = eml.IndexOf("\r\n--", body, StringComparison.Ordinal);
            found.Add(new EmailAttachment(name, type, Encoding.UTF8.GetString(Convert.FromBase64String(eml[body..end].Replace("\r\n", "", StringComparison.Ordinal)))));
        }

        return found;
    }

    /// <summary>The decoded body of the first part of the given type (e.g. text/html), or null.</summary>
    public static string? Part(string eml, string contentType)
    {
        var header = eml.IndexOf($"Content-Type: {contentType}", StringComparison.Ordinal);
        if (header < 0)
        {
            return null;
        }

        var body = eml.IndexOf("\r\n\r\n", header, StringComparison.Ordinal) + 4;
        var end = eml.IndexOf("\r\n--", body, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(eml[body..end].Replace("\r\n", "", StringComparison.Ordinal)));
    }

    private static void Part(StringBuilder eml, string boundary, string contentType, string content, string? fileName)
    {
        eml.Append("--").Append(boundary).Append("\r\n");
        eml.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (fileName is not null)
        {
            eml.Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\r\n");
        }

        eml.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
        for (var i = 0; i < base64.Length; i += 76)
        {
            eml.Append(base64, i, Math.Min(76, base64.Length - i)).Append("\r\n");
        }
    }
}
