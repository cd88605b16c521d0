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

    /// <summary>Lists a version; false when the same bytes arrived in the same millisecond (the same version, already listed).</summary>
    public async Task<bool> AddAsync(string cycleId, string unitId, UploadVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(Entity(cycleId, unitId, version), cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> of the unit's <paramref name="limit"/> places for files of <paramref name="kind"/>
    /// (all or none); false when they do not fit. A counter row per unit and kind, changed only with its ETag,
    /// keeps the limit exact when uploads run at once on any number of instances (counting listed rows would
    /// let them all in).
    /// </summary>
    public async Task<bool> ReserveAsync(string cycleId, string unitId, string kind, int limit, CancellationToken cancellationToken, int count = 1)
    {
        var partition = QuotaPartition(cycleId, unitId);
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            try
            {
                var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, kind, cancellationToken: cancellationToken);
                if (!row.HasValue)
                {
                    // The first place taken: versions stored before counters existed count too.
                    var stored = (await ListAsync(cycleId, unitId, cancellationToken)).Count(v => v.Kind == kind);
                    if (stored + count > limit)
                    {
                        return false;
                    }

                    await _table.AddEntityAsync(new TableEntity(partition, kind) { ["Count"] = stored + count }, cancellationToken);
                    return true;
                }

                var counter = row.Value!;
                var taken = counter.GetInt32("Count") ?? 0;
                if (taken + count > limit)
                {
                    return false;
                }

                counter["Count"] = taken + count;
                await _table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another upload took a place first: look again after a short, spread-out pause.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 20)), cancellationToken);
            }
        }

        throw new Azure.RequestFailedException(503, "Too many uploads at once for one unit; try again.");
    }

    /// <summary>Gives a place back when the file could not be stored after all.</summary>
    public async Task ReleaseAsync(string cycleId, string unitId, string kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(QuotaPartition(cycleId, unitId), kind, cancellationToken: cancellationToken);
            if (!row.HasValue || (row.Value!.GetInt32("Count") ?? 0) == 0)
            {
                return;
            }

            row.Value["Count"] = row.Value.GetInt32("Count")!.Value - 1;
            try
            {
                await _table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 412)
            {
            }
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

    /// <summary>The unit's counters live beside its versions, in a partition of their own.</summary>
    private static string QuotaPartition(string cycleId, string unitId) => $"{cycleId}|{unitId}|quota";

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
