using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace ItEval.Forms;

/// <summary>A cell as stored: its value (number or text) and whether it holds a formula.</summary>
public readonly record struct CellContent(RawAnswer? Value, bool IsFormula)
{
    public RawAnswer Raw => Value ?? RawAnswer.Empty;
}

/// <summary>
/// Reads cell values from an .xlsx package by streaming its XML (workbook, relationships, shared
/// strings, one sheet). Reading a form this way is several times faster and lighter than loading the
/// document model, and it only ever looks at values, never at cached formula results' meaning.
/// </summary>
public sealed partial class XlsxCells : IDisposable
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, string> _sheets;
    private List<string>? _sharedStrings;

    public XlsxCells(byte[] package)
    {
        _zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var workbook = Target("_rels/.rels", "", "officeDocument") ?? throw new InvalidDataException("no workbook");
        var folder = workbook.Contains('/', StringComparison.Ordinal) ? workbook[..(workbook.LastIndexOf('/') + 1)] : "";
        var relations = Relations($"{folder}_rels/{workbook[folder.Length..]}.rels", folder);
        _sheets = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = Open(workbook);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.GetAttribute("name") is { } name
                && RelationshipId(reader) is { } id && relations.TryGetValue(id, out var path))
            {
                _sheets[name] = path;
                FirstSheetName ??= name;
            }
        }

        SharedStringsPath = relations.Values.FirstOrDefault(p => p.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase));
    }

    private string? SharedStringsPath { get; }

    /// <summary>The name of the workbook's first sheet.</summary>
    public string? FirstSheetName { get; private set; }

    /// <summary>The sheet's non-empty cells by reference (A1), or null when the workbook has no such sheet.</summary>
    public Dictionary<string, CellContent>? Sheet(string name)
    {
        if (!_sheets.TryGetValue(name, out var path))
        {
            return null;
        }

        var cells = new Dictionary<string, CellContent>(StringComparer.Ordinal);
        using var reader = Open(path);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c" && reader.GetAttribute("r") is { } reference)
            {
                if (!CellReference().IsMatch(reference))
                {
                    throw new InvalidDataException($"not a cell reference: {reference}");
                }

                var type = reader.GetAttribute("t");
                cells[reference] = reader.IsEmptyElement ? default : ReadCell(reader.ReadSubtree(), type);
            }
        }

        return cells;
    }

    public void Dispose() => _zip.Dispose();

    private CellContent ReadCell(XmlReader cell, string? type)
    {
        using (cell)
        {
            string? value = null;
            var inline = new StringBuilder();
            var formula = false;
            cell.Read();
            while (!cell.EOF)
            {
                // ReadElementContentAsString already moves to the next node, so only other nodes call Read().
                if (cell.NodeType == XmlNodeType.Element && cell.LocalName == "rPh")
                {
                    cell.Skip();
                }
                else if (cell.NodeType == XmlNodeType.Element && cell.LocalName == "v")
                {
                    value = cell.ReadElementContentAsString();
                }
                else if (cell.NodeType == XmlNodeType.Element && cell.LocalName == "t" && type == "inlineStr")
                {
                    inline.Append(cell.ReadElementContentAsString());
                }
                else
                {
                    formula |= cell.NodeType == XmlNodeType.Element && cell.LocalName == "f";
                    cell.Read();
                }
            }

            var raw = type switch
            {
                "inlineStr" => new RawAnswer(null, inline.ToString()),
                // No value, or an empty one: openpyxl and other scripts write <v></v> for formulas they
                // did not calculate (the reader recomputes totals anyway), some programs for blank cells.
                _ when string.IsNullOrEmpty(value) => null,
                "s" => new RawAnswer(null, SharedString(int.Parse(value, CultureInfo.InvariantCulture))),
                "b" => new RawAnswer(null, value == "1" ? "Có" : "Không"),
                "str" or "e" or "d" => new RawAnswer(null, value),
                // Excel stores typed decimals as binary doubles (4.35 → 4.3499999999999996); 15 significant
                // digits, as Excel shows them, give back what the user typed.
                _ => new RawAnswer(decimal.Parse(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture), null),
            };
            return new CellContent(raw, formula);
        }
    }

    private string SharedString(int index)
    {
        if (_sharedStrings is null)
        {
            _sharedStrings = [];
            if (SharedStringsPath is not null)
            {
                using var reader = Open(SharedStringsPath);
                var text = new StringBuilder();
                reader.Read();
                while (!reader.EOF)
                {
                    // Phonetic runs (rPh) hold readings, not the text itself.
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
                    {
                        reader.Skip();
                    }
                    else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                    {
                        text.Append(reader.ReadElementContentAsString());
                    }
                    else
                    {
                        var emptyItem = reader.NodeType == XmlNodeType.Element && reader.LocalName == "si" && reader.IsEmptyElement;
                        if (emptyItem || (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "si"))
                        {
                            _sharedStrings.Add(text.ToString());
                            text.Clear();
                        }

                        reader.Read();
                    }
                }
            }
        }

        return index >= 0 && index < _sharedStrings.Count ? _sharedStrings[index] : throw new InvalidDataException("shared string out of range");
    }

    private Dictionary<string, string> Relations(string path, string folder)
    {
        var relations = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = Open(path);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
            {
                relations[id] = target.StartsWith('/') ? target[1..] : folder + target;
            }
        }

        return relations;
    }

    private string? Target(string relsPath, string folder, string typeSuffix)
    {
        using var reader = Open(relsPath);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Type")?.EndsWith("/" + typeSuffix, StringComparison.Ordinal) == true
                && reader.GetAttribute("Target") is { } target)
            {
                return target.StartsWith('/') ? target[1..] : folder + target;
            }
        }

        return null;
    }

    private static string? RelationshipId(XmlReader reader)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal))
            {
                var id = reader.Value;
                reader.MoveToElement();
                return id;
            }
        }

        reader.MoveToElement();
        return null;
    }

    private XmlReader Open(string path)
    {
        var entry = _zip.GetEntry(path) ?? throw new InvalidDataException($"missing part {path}");
        return XmlReader.Create(entry.Open(), Settings);
    }

    /// <summary>A1-style, within Excel's grid (XFD1048576): every reference the readers index by is one.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{1,3}[1-9][0-9]{0,6}$")]
    private static partial System.Text.RegularExpressions.Regex CellReference();
}
