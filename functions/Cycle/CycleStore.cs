using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ItEval.Engine;
using ItEval.Storage;

namespace ItEval.Cycle;

/// <summary>
/// The cycles-table row, a snapshot of what lists, the sweep and the status read without replaying
/// events; written with ETags so it only moves forward.
/// </summary>
public sealed record CycleSummary(string Id, int Year, string Name, CyclePhase Phase, long Version, long EnqueuedThrough, DateTimeOffset? NextDue, int Units, int Submitted, string? LastError, ETag ETag);

/// <summary>
/// Where cycles are stored: each cycle's event stream (the engine's <see cref="EventLog{TEvent}"/>, one
/// partition per cycle), its snapshot, and the cycles table's summary rows.
/// </summary>
public sealed class CycleStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    private const string SummaryPartition = "cycles";

    private readonly EventLog<CycleEvent> _events = new(tables.GetTableClient(names.CycleEventsTable), blobs.GetBlobContainerClient(names.StateContainer), new CycleEventCodec());
    private readonly TableClient _cycles = tables.GetTableClient(names.CyclesTable);

    /// <summary>Cycles' snapshots, in the state container beside large event payloads.</summary>
    public SnapshotStore Snapshots { get; } = new(blobs.GetBlobContainerClient(names.StateContainer));

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string cycleId, long after, CancellationToken cancellationToken, int? take = null) =>
        _events.ReadAsync(cycleId, after, cancellationToken, take);

    /// <summary>Appends after <paramref name="expectedVersion"/>; false if another writer appended first.</summary>
    public Task<bool> AppendAsync(string cycleId, long expectedVersion, IReadOnlyList<CycleEvent> events, CancellationToken cancellationToken) =>
        _events.AppendAsync(cycleId, expectedVersion, events, cancellationToken);

    /// <summary>
    /// Writes the summary row unless a newer one is stored: an ETag-conditional replace (or an insert), so
    /// an instance holding older state never overwrites what a faster instance recorded.
    /// </summary>
    public Task SaveSummaryAsync(CycleState state, long enqueuedThrough, DateTimeOffset? nextDue, CancellationToken cancellationToken) =>
        SaveSummaryAsync(SummaryRow.Of(state, enqueuedThrough, nextDue), cancellationToken);

    /// <summary>The summary row's values, taken from the state while the cycle is held (written later, off the lock).</summary>
    public sealed record SummaryRow(string Id, int Year, string Name, CyclePhase Phase, long Version, long EnqueuedThrough, DateTimeOffset? NextDue,
        int Units, int Submitted, string? LastError, bool Active)
    {
        public static SummaryRow Of(CycleState state, long enqueuedThrough, DateTimeOffset? nextDue) => new(
            state.Id, state.Definition!.Year, state.Definition.Name, state.Phase, state.Version, enqueuedThrough, nextDue,
            state.Units.Count, state.SubmittedUnits, state.LastError, !state.IsFinished);
    }

    public async Task SaveSummaryAsync(SummaryRow summary, CancellationToken cancellationToken)
    {
        var row = new TableEntity(SummaryPartition, summary.Id)
        {
            ["Year"] = summary.Year,
            ["Name"] = summary.Name,
            ["Phase"] = summary.Phase.ToString(),
            ["Version"] = summary.Version,
            ["EnqueuedThrough"] = summary.EnqueuedThrough,
            ["NextDue"] = summary.NextDue,
            ["Units"] = summary.Units,
            ["Submitted"] = summary.Submitted,
            ["LastError"] = summary.LastError,
            ["Active"] = summary.Active,
        };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await _cycles.GetEntityIfExistsAsync<TableEntity>(SummaryPartition, summary.Id, cancellationToken: cancellationToken);
            try
            {
                if (!stored.HasValue)
                {
                    await _cycles.AddEntityAsync(row, cancellationToken);
                    return;
                }

                if ((stored.Value!.GetInt64("Version") ?? 0) > summary.Version || (stored.Value.GetInt64("EnqueuedThrough") ?? 0) > summary.EnqueuedThrough)
                {
                    return;
                }

                await _cycles.UpdateEntityAsync(row, stored.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance wrote it between our read and write: read again and compare.
            }
        }
    }

    public async Task<CycleSummary?> GetSummaryAsync(string cycleId, CancellationToken cancellationToken)
    {
        var row = await _cycles.GetEntityIfExistsAsync<TableEntity>(SummaryPartition, cycleId, cancellationToken: cancellationToken);
        return row.HasValue ? Summary(row.Value!) : null;
    }

    public async Task<IReadOnlyList<CycleSummary>> ListAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var filter = activeOnly ? $"PartitionKey eq '{SummaryPartition}' and Active eq true" : $"PartitionKey eq '{SummaryPartition}'";
        var result = new List<CycleSummary>();
        await foreach (var row in _cycles.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(Summary(row));
        }

        return result;
    }

    private static CycleSummary Summary(TableEntity row) => new(
        row.RowKey, row.GetInt32("Year") ?? 0, row.GetString("Name") ?? "", Enum.Parse<CyclePhase>(row.GetString("Phase") ?? "Draft"),
        row.GetInt64("Version") ?? 0, row.GetInt64("EnqueuedThrough") ?? 0, row.GetDateTimeOffset("NextDue"),
        row.GetInt32("Units") ?? 0, row.GetInt32("Submitted") ?? 0, row.GetString("LastError"), row.ETag);
}
