using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ItEval.Forms;

namespace ItEval.Tests.Forms;

/// <summary>
/// Workbooks crafted the way an attacker (or a broken program) would: every XML part of a valid filled
/// form, mutated at random but reproducibly. Whatever the bytes, reading them answers with problems
/// a person can read, never an exception.
/// </summary>
public sealed partial class CraftedXlsxTests
{
    private static readonly FormContext Context = FormKit.Context();
    private static readonly byte[] Valid = FormKit.Fill(FormKit.Blank(Context), FormKit.TypicalAnswers(Context.Rubric));

    [Fact]
    public void A_duplicate_key_in_the_hidden_identity_sheet_is_refused_as_tampered()
    {
        var crafted = FormKit.RewritePart(Valid, "xl/worksheets/sheet2.xml", xml => DuplicateFirstRow().Replace(xml, m => m.Value + m.Value.Replace("r=\"1\"", "r=\"9\"", StringComparison.Ordinal).Replace("A1", "A9", StringComparison.Ordinal).Replace("B1", "B9", StringComparison.Ordinal), 1));

        var read = FormKit.Read(crafted, Context);

        Assert.False(read.Accepted);
        Assert.Equal("Tệp: thông tin nhận dạng của phiếu đã bị thay đổi; hãy tải lại phiếu gốc từ đường dẫn riêng của đơn vị", Assert.Single(read.Problems).Vi);
    }

    [Fact]
    public void A_cell_reference_without_a_row_is_refused_as_corrupt()
    {
        var crafted = FormKit.RewritePart(Valid, FormSheet(), xml => xml.Replace("r=\"E9\"", "r=\"E\"", StringComparison.Ordinal));

        var read = FormKit.Read(crafted, Context);

        Assert.StartsWith("Tệp: tệp Excel bị hỏng", Assert.Single(read.Problems).Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_thousand_random_mutations_of_every_part_never_throw()
    {
        var random = new Random(2026);
        var parts = Parts(Valid).Where(p => p.EndsWith(".xml", StringComparison.Ordinal) || p.EndsWith(".rels", StringComparison.Ordinal)).ToList();
        var refused = 0;
        for (var i = 0; i < 5000; i++)
        {
            var part = parts[random.Next(parts.Count)];
            var mutation = random.Next(Mutations.Length);
            var crafted = FormKit.RewritePart(Valid, part, xml => Mutations[mutation](xml, random));

            FormReadResult? read = null;
            var thrown = Record.Exception(() => read = FormKit.Read(crafted, Context));

            Assert.True(thrown is null, $"mutation {mutation} of {part} (case {i}) threw {thrown}");
            refused += read!.Accepted ? 0 : 1;
        }

        // Most mutations spoil the form; the point is that none of them escapes as an exception.
        Assert.InRange(refused, 500, 5000);
    }

    private static readonly string[] Garbage = ["", "A", "ZZZZ99999999999", "-1", "1e400", "NaN", "99999999999999999999", "0x1F", "&amp;", "A0", "E0", "$A$1", "XFE1048577", "１２"];

    private static readonly Func<string, Random, string>[] Mutations =
    [
        // An attribute value replaced (cell references, types, style and shared-string indexes, ids).
        (xml, r) => ReplaceNth(AttributeValue(), xml, r, m => $"{m.Groups[1].Value}=\"{Garbage[r.Next(Garbage.Length)]}\""),
        // An element's text replaced.
        (xml, r) => ReplaceNth(ElementText(), xml, r, m => $">{Garbage[r.Next(Garbage.Length)]}<"),
        // An element repeated.
        (xml, r) => ReplaceNth(Cell(), xml, r, m => m.Value + m.Value),
        // An element removed.
        (xml, r) => ReplaceNth(Cell(), xml, r, _ => ""),
        // An attribute removed.
        (xml, r) => ReplaceNth(AttributeValue(), xml, r, _ => ""),
        // A cell given another type.
        (xml, r) => ReplaceNth(CellStart(), xml, r, m => $"{m.Value}t=\"{new[] { "s", "b", "e", "str", "inlineStr", "n", "d", "x" }[r.Next(8)]}\" "),
        // The part cut short.
        (xml, r) => xml[..r.Next(xml.Length)],
        // An empty cached value, as some programs write.
        (xml, r) => ReplaceNth(ValueElement(), xml, r, m => m.Value.StartsWith("<x:", StringComparison.Ordinal) ? "<x:v></x:v>" : "<v></v>"),
    ];

    private static string ReplaceNth(Regex pattern, string xml, Random random, Func<Match, string> replace)
    {
        var matches = pattern.Matches(xml);
        if (matches.Count == 0)
        {
            return xml;
        }

        var match = matches[random.Next(matches.Count)];
        return xml[..match.Index] + replace(match) + xml[(match.Index + match.Length)..];
    }

    private static string FormSheet() => "xl/worksheets/sheet1.xml";

    private static IEnumerable<string> Parts(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    [GeneratedRegex("""<(?:x:)?row [^>]*r="1"[^>]*>.*?</(?:x:)?row>""")]
    private static partial Regex DuplicateFirstRow();

    [GeneratedRegex("(\\b[A-Za-z:]+)=\"[^\"]*\"")]
    private static partial Regex AttributeValue();

    [GeneratedRegex(">[^<]+<")]
    private static partial Regex ElementText();

    [GeneratedRegex("<((?:\\w+:)?(?:c|row|si|sheet|Relationship|f|v|is))\\b[^>]*?(/>|>.*?</\\1>)")]
    private static partial Regex Cell();

    [GeneratedRegex("<(?:x:)?c ")]
    private static partial Regex CellStart();

    [GeneratedRegex("<(?:x:)?v>[^<]*</(?:x:)?v>")]
    private static partial Regex ValueElement();
}
