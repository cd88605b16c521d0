using System.IO.Compression;
using System.Text;
using System.Xml;

namespace ItEval.Forms;

/// <summary>
/// Checks an .xlsx package before anything parses it: a readable zip, no macros, a bounded number of
/// entries, a bounded unpacked size (counted while actually unpacking, so lying headers do not help a
/// zip bomb), and no DTD in any XML part (so no external entities).
/// </summary>
internal static class PackageInspector
{
    public static IReadOnlyList<FormProblem> Inspect(byte[] package, FormOptions options)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            if (zip.Entries.Count > options.MaxPackageEntries)
            {
                return [FormRefusals.TooManyEntries(options.MaxPackageEntries)];
            }

            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return [FormRefusals.Macros];
            }

            var budget = options.MaxUnpackedBytes;
            foreach (var entry in zip.Entries)
            {
                using var content = new CountingStream(entry.Open(), budget);
                if (IsXml(entry.FullName))
                {
                    if (ReadXml(content) is { } problem)
                    {
                        return [problem];
                    }

                    if (entry.FullName == "[Content_Types].xml" && ContentTypesDeclareMacros(entry))
                    {
                        return [FormRefusals.Macros];
                    }
                }
                else
                {
                    content.CopyTo(Stream.Null);
                }

                budget -= content.BytesRead;
            }

            return [];
        }
        catch (UnpackedTooLargeException)
        {
            return [FormRefusals.UnpackedTooLarge(options.MaxUnpackedBytes)];
        }
        catch (InvalidDataException)
        {
            return [FormRefusals.Corrupt];
        }
    }

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    private static FormProblem? ReadXml(Stream content)
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
                ? FormRefusals.Dtd
                : FormRefusals.Corrupt;
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
