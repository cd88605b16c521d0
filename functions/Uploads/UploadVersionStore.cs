using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Forms;
using ItEval.Storage;

namespace ItEval.Uploads;

/// <summary>
/// The submissions table: one row per uploaded version, one partition per cycle and unit, newest
/// first. Rows are inserted, never replaced, except to record that the cycle refused an accepted form.
/// </summary>
public sealed class UploadVersionStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.SubmissionsTable);

    public async Task AddAsync(string cycleId, string unitId, UploadVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Entity(cycleId, unitId, version), cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // The same bytes in the same millisecond: the same version, already listed.
        }
    }

    public Task MarkRefusedAsync(string cycleId, string unitId, UploadVersion version, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(Entity(cycleId, unitId, version), Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task<IReadOnlyList<UploadVersion>> ListAsync(string cycleId, string unitId, CancellationToken cancellationToken)
    {
        var partition = Partition(cycleId, unitId);
        var versions = new List<UploadVersion>();
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            versions.Add(Version(row));
        }

        return versions;
    }

    public static string Partition(string cycleId, string unitId) => $"{cycleId}|{unitId}";

    private static string RowKey(UploadVersion v) => $"{v.Kind}|{DateTimeOffset.MaxValue.UtcTicks - v.At.UtcTicks:D19}|{v.Sha256[..16]}";

    private static TableEntity Entity(string cycleId, string unitId, UploadVersion v) => new(Partition(cycleId, unitId), RowKey(v))
    {
        ["VersionId"] = v.Id,
        ["Kind"] = v.Kind,
        ["At"] = v.At,
        ["FileName"] = v.FileName,
        ["Size"] = v.Size,
        ["Sha256"] = v.Sha256,
        ["Container"] = v.Container,
        ["BlobName"] = v.BlobName,
        ["Accepted"] = v.Accepted,
        ["Late"] = v.Late,
        ["Criterion"] = v.CriterionCode,
        // A form with hundreds of problems stays under the 64 KiB property limit: the first 100 are kept.
        ["Problems"] = JsonSerializer.Serialize(v.Problems.Take(100)),
        ["ProblemCount"] = v.Problems.Count,
    };

    private static UploadVersion Version(TableEntity row) => new(
        row.GetString("VersionId"),
        row.GetString("Kind"),
        row.GetDateTimeOffset("At") ?? default,
        row.GetString("FileName"),
        row.GetInt64("Size") ?? 0,
        row.GetString("Sha256"),
        row.GetString("Container"),
        row.GetString("BlobName"),
        row.GetBoolean("Accepted") ?? false,
        row.GetBoolean("Late") ?? false,
        row.GetString("Criterion"),
        JsonSerializer.Deserialize<List<FormProblem>>(row.GetString("Problems") ?? "[]") ?? []);
}
