using System.IO.Compression;
using System.Text;
using System.Xml;

namespace ItEval.Forms;

/// <summary>What a look inside a zip package (an Office or OpenDocument file) found.</summary>
public enum PackageVerdict
{
    Ok,
    Corrupt,
    Macros,
    TooManyEntries,
    UnpackedTooLarge,
    Dtd,
}

/// <summary>
/// Checks a zip package (.xlsx, .docx, .pptx, .odt, .ods) before anything parses it: a readable zip,
/// no macros, a bounded number of entries, a bounded unpacked size (counted while actually unpacking,
/// so lying headers do not help a zip bomb), and no DTD in any XML part (so no external entities).
/// Forms, evidence files and the admin's roster all pass through it.
/// </summary>
public static class PackageInspector
{
    /// <summary>A form's package with the form limits; the problem the unit sees, if any.</summary>
    internal static IReadOnlyList<FormProblem> Inspect(byte[] package, FormOptions options) =>
        Inspect(package, options.MaxPackageEntries, options.MaxUnpackedBytes) switch
        {
            PackageVerdict.Ok => [],
            PackageVerdict.Macros => [FormRefusals.Macros],
            PackageVerdict.TooManyEntries => [FormRefusals.TooManyEntries(options.MaxPackageEntries)],
            PackageVerdict.UnpackedTooLarge => [FormRefusals.UnpackedTooLarge(options.MaxUnpackedBytes)],
            PackageVerdict.Dtd => [FormRefusals.Dtd],
            _ => [FormRefusals.Corrupt],
        };

    public static PackageVerdict Inspect(byte[] package, int maxEntries, long maxUnpackedBytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            if (zip.Entries.Count > maxEntries)
            {
                return PackageVerdict.TooManyEntries;
            }

            if (zip.Entries.Any(e => IsMacro(e.FullName)))
            {
                return PackageVerdict.Macros;
            }

            var budget = maxUnpackedBytes;
            foreach (var entry in zip.Entries)
            {
                using var content = new CountingStream(entry.Open(), budget);
                if (IsXml(entry.FullName))
                {
                    if (ReadXml(content) is { } verdict)
                    {
                        return verdict;
                    }

                    if (entry.FullName == "[Content_Types].xml" && ContentTypesDeclareMacros(entry))
                    {
                        return PackageVerdict.Macros;
                    }
                }
                else
                {
                    content.CopyTo(Stream.Null);
                }

                budget -= content.BytesRead;
            }

            return PackageVerdict.Ok;
        }
        catch (UnpackedTooLargeException)
        {
            return PackageVerdict.UnpackedTooLarge;
        }
        catch (InvalidDataException)
        {
            return PackageVerdict.Corrupt;
        }
    }

    /// <summary>Office keeps VBA in vbaProject.bin (.xlsm, .docm, .pptm); OpenDocument keeps macros under Basic/ and Scripts/.</summary>
    private static bool IsMacro(string name) =>
        name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Basic/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Scripts/", StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    private static PackageVerdict? ReadXml(Stream content)
    {
        var head = new byte[4096];
        var headLength = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false };
        try
        {
            using var reader = XmlReader.Create(new ConcatenatedStream(head.AsMemory(0, headLength), content), settings);
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException)
        {
            var start = Encoding.UTF8.GetString(head, 0, headLength);
            return start.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || start.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase)
                ? PackageVerdict.Dtd
                : PackageVerdict.Corrupt;
        }
    }

    private static bool ContentTypesDeclareMacros(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().Contains("macroEnabled", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class UnpackedTooLargeException : Exception;

    /// <summary>Counts what is actually unpacked and stops past the budget.</summary>
    private sealed class CountingStream(Stream inner, long budget) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return BytesRead > budget ? throw new UnpackedTooLargeException() : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The bytes already peeked at, then the rest of the stream.</summary>
    private sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position < head.Length)
            {
                var n = Math.Min(count, head.Length - _position);
                head.Span.Slice(_position, n).CopyTo(buffer.AsSpan(offset, n));
                _position += n;
                return n;
            }

            return rest.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
