using System.Globalization;
using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ItEval.Engine;

/// <summary>A stream's state as of <see cref="Version"/> (its JSON), read back from a snapshot.</summary>
public sealed record Snapshot(long Version, byte[] Json);

/// <summary>
/// One snapshot blob per stream (gzip JSON) with its version and schema in the blob's metadata. A save only
/// moves the snapshot forward (ETag-conditional write after comparing versions), so a slower instance
/// never replaces a newer snapshot. A snapshot of another schema (written by another build) is not read:
/// the caller rebuilds from events, which always works.
/// </summary>
public sealed class SnapshotStore(BlobContainerClient container, string prefix = "snapshots")
{
    private const string VersionKey = "streamversion";
    private const string SchemaKey = "schema";

    /// <summary>The snapshot's JSON as bytes (tests, tools); the engine reads it as a stream.</summary>
    public async Task<Snapshot?> ReadAsync(string stream, string schema, CancellationToken cancellationToken) =>
        await ReadAsync(stream, schema, async (json, token) =>
        {
            using var copy = new MemoryStream();
            await json.CopyToAsync(copy, token);
            return copy.ToArray();
        }, cancellationToken) is { } read ? new Snapshot(read.Version, read.Value) : null;

    /// <summary>Reads the snapshot through <paramref name="read"/> straight from the download (no copy of the whole JSON in memory).</summary>
    public async Task<(long Version, T Value)?> ReadAsync<T>(string stream, string schema, Func<Stream, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Blob(stream).DownloadStreamingAsync(cancellationToken: cancellationToken);
            var metadata = download.Value.Details.Metadata;
            if (!metadata.TryGetValue(SchemaKey, out var stored) || stored != schema
                || !metadata.TryGetValue(VersionKey, out var version))
            {
                return null;
            }

            await using var gzip = new GZipStream(download.Value.Content, CompressionMode.Decompress);
            return (long.Parse(version, CultureInfo.InvariantCulture), await read(gzip, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>JSON written by <paramref name="write"/>, compressed as it is written (a 25 MB state is never held uncompressed).</summary>
    public static byte[] Compress(Action<Stream> write)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            write(gzip);
        }

        return compressed.ToArray();
    }

    /// <summary>Stores <paramref name="json"/> as the stream's snapshot unless one as new or newer is stored; true if written.</summary>
    public Task<bool> SaveAsync(string stream, long version, string schema, byte[] json, CancellationToken cancellationToken) =>
        SaveCompressedAsync(stream, version, schema, Compress(gzip => gzip.Write(json)), cancellationToken);

    /// <summary>Stores gzip-compressed JSON (<see cref="Compress"/>) unless a snapshot as new or newer is stored; true if written.</summary>
    public async Task<bool> SaveCompressedAsync(string stream, long version, string schema, byte[] gzipJson, CancellationToken cancellationToken)
    {
        var blob = Blob(stream);
        var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.Metadata.TryGetValue(VersionKey, out var stored) && long.Parse(stored, CultureInfo.InvariantCulture) >= version
                && properties.Value.Metadata.TryGetValue(SchemaKey, out var storedSchema) && storedSchema == schema)
            {
                return false;
            }

            conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }

        using var compressed = new MemoryStream(gzipJson, writable: false);
        try
        {
            await blob.UploadAsync(compressed, new BlobUploadOptions
            {
                Conditions = conditions,
                Metadata = new Dictionary<string, string>
                {
                    [VersionKey] = version.ToString(CultureInfo.InvariantCulture),
                    [SchemaKey] = schema,
                },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json", ContentEncoding = "gzip" },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance saved between our read and write: its snapshot stands.
            return false;
        }
    }

    private BlobClient Blob(string stream) => container.GetBlobClient($"{prefix}/{stream}.json.gz");
}
