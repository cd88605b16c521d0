using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ItEval.Cycle;
using ItEval.Storage;

namespace ItEval.Publication;

/// <summary>Where a stored official document is: its cycle, edition and file name.</summary>
public sealed record ExportLocation(string CycleId, int Edition, string Name);

/// <summary>
/// The official documents of each edition, in Blob storage under <c>{cycle}/{edition}/{name}</c>,
/// written "create only": the first copy stands for good, a second writer gets the first copy's hash
/// back. Every document's SHA-256 is also a row of the exports table, so a file someone holds can be
/// checked in one read ("is this an official copy?") without scanning any blob.
/// </summary>
public sealed class ExportStore(BlobServiceClient blobs, TableServiceClient tables, StorageNames names)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.ExportsContainer);
    private readonly TableClient _index = tables.GetTableClient(names.ExportsTable);

    public static string BlobName(string cycleId, int edition, string name) => $"{cycleId}/{edition:D4}/{name}";

    /// <summary>Stores the document unless this edition already has it; either way, the stored copy's hash and size.</summary>
    public async Task<ExportFile> StoreAsync(string cycleId, int edition, string name, byte[] content, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(cycleId, edition, name));
        try
        {
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(name) },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }

        var file = new ExportFile(name, Convert.ToHexStringLower(SHA256.HashData(content)), content.LongLength);
        // Row keys cannot hold "/": a unit's sheet is named units/{unit}.pdf.
        await _index.UpsertEntityAsync(new TableEntity(file.Sha256, $"{cycleId}|{edition:D4}|{name.Replace('/', '~')}")
        {
            ["Cycle"] = cycleId,
            ["Edition"] = edition,
            ["Name"] = name,
            ["Bytes"] = file.Bytes,
        }, TableUpdateMode.Replace, cancellationToken);
        return file;
    }

    /// <summary>A stored document, or null if there is none of that name.</summary>
    public async Task<Stream?> OpenAsync(string cycleId, int edition, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await _container.GetBlobClient(BlobName(cycleId, edition, name)).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every stored document whose content has this SHA-256 (usually one).</summary>
    public async Task<IReadOnlyList<ExportLocation>> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        var found = new List<ExportLocation>();
        await foreach (var row in _index.QueryAsync<TableEntity>(e => e.PartitionKey == sha256, cancellationToken: cancellationToken))
        {
            found.Add(new ExportLocation(row.GetString("Cycle"), row.GetInt32("Edition") ?? 0, row.GetString("Name")));
        }

        return found;
    }

    public static string ContentType(string name) => Path.GetExtension(name).ToLower(CultureInfo.InvariantCulture) switch
    {
        ".pdf" => "application/pdf",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
}
