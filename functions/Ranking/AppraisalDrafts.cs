using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ItEval.Storage;

namespace ItEval.Ranking;

/// <summary>An appraiser's entry for one criterion, as typed (checked only when submitted).</summary>
public sealed record DraftScore(string Points, string Reason);

/// <summary>
/// Bản nháp: what an appraiser has entered for a unit but not submitted, kept per appraiser (not an
/// event: nothing in the cycle changes until the whole appraisal is submitted). Also where an entry
/// refused on submit is kept, so nothing typed on site is lost.
/// </summary>
public sealed class AppraisalDrafts(TableServiceClient tables, StorageNames names)
{
    /// <summary>A draft is a few hundred criteria at most: this bounds what one person can store per unit.</summary>
    public const int MaxChars = 30_000;

    private readonly TableClient _table = tables.GetTableClient(names.AppraisalDraftsTable);

    public async Task<(IReadOnlyDictionary<string, DraftScore> Scores, DateTimeOffset SavedAt)?> GetAsync(string cycleId, string unitId, string appraiser, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(cycleId, unitId), Key(appraiser), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Json") is { } json && JsonSerializer.Deserialize<Dictionary<string, DraftScore>>(json) is { } scores
            ? (scores, row.Value.Timestamp ?? DateTimeOffset.MinValue)
            : null;
    }

    /// <summary>False when the draft is larger than <see cref="MaxChars"/> (nothing is stored).</summary>
    public async Task<bool> SaveAsync(string cycleId, string unitId, string appraiser, IReadOnlyDictionary<string, DraftScore> scores, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(scores);
        if (json.Length > MaxChars)
        {
            return false;
        }

        await _table.UpsertEntityAsync(new TableEntity(Partition(cycleId, unitId), Key(appraiser)) { ["Json"] = json }, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>Which units this appraiser has a draft for in the cycle.</summary>
    public async Task<IReadOnlySet<string>> UnitsWithDraftsAsync(string cycleId, string appraiser, CancellationToken cancellationToken)
    {
        var key = Key(appraiser);
        var units = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.RowKey == key, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey.StartsWith(cycleId + "|", StringComparison.Ordinal))
            {
                units.Add(row.PartitionKey[(cycleId.Length + 1)..]);
            }
        }

        return units;
    }

    public async Task DeleteAsync(string cycleId, string unitId, string appraiser, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition(cycleId, unitId), Key(appraiser), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    private static string Partition(string cycleId, string unitId) => $"{cycleId}|{unitId}";

    /// <summary>Row keys cannot hold / \ # ? or control characters; a person's name may.</summary>
    private static string Key(string appraiser) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appraiser)))[..32];
}
