using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ItEval.Engine;
using ItEval.Storage;

namespace ItEval.Cycle;

/// <summary>
/// The cycles-table row, a snapshot of what lists, the process guard and the status read without
/// replaying events; written with ETags so it only moves forward.
/// </summary>
public sealed record CycleSummary(string Id, int Year, string Name, CyclePhase Phase, long Version, DateTimeOffset? NextDue, int Units, int Submitted, string? LastError, ETag ETag);

/// <summary>
/// Where cycles are stored: each cycle's event stream (the engine's <see cref="EventLog{TEvent}"/>, one
/// partition per cycle), its snapshot, and the cycles table's summary rows.
/// </summary>
public sealed class CycleStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    private const string SummaryPartition = "cycles";

    /// <summary>Rows beside the summaries that keep each cycle's process cursor (written by the orchestration, not by commands).</summary>
    private const string ProcessPartition = "process";

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
    public Task SaveSummaryAsync(CycleState state, DateTimeOffset? nextDue, CancellationToken cancellationToken) =>
        SaveSummaryAsync(SummaryRow.Of(state, nextDue), cancellationToken);

    /// <summary>The summary row's values, taken from the state while the cycle is held (written later, off the lock).</summary>
    public sealed record SummaryRow(string Id, int Year, string Name, CyclePhase Phase, long Version, DateTimeOffset? NextDue,
        int Units, int Submitted, string? LastError, bool Active)
    {
        public static SummaryRow Of(CycleState state, DateTimeOffset? nextDue) => new(
            state.Id, state.Definition!.Year, state.Definition.Name, state.Phase, state.Version, nextDue,
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

                if ((stored.Value!.GetInt64("Version") ?? 0) > summary.Version)
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

    /// <summary>
    /// How far the cycle's process has run the work of its events (0 for a cycle no orchestration ran yet, or
    /// one from a build before orchestrations: its work is then derived again from the start, which
    /// idempotent work allows). Only moves forward.
    /// </summary>
    public async Task SaveProcessedThroughAsync(string cycleId, long through, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await _cycles.GetEntityIfExistsAsync<TableEntity>(ProcessPartition, cycleId, cancellationToken: cancellationToken);
            if (stored.HasValue && (stored.Value!.GetInt64("Through") ?? 0) >= through)
            {
                return;
            }

            var row = new TableEntity(ProcessPartition, cycleId) { ["Through"] = through };
            try
            {
                if (stored.HasValue)
                {
                    await _cycles.UpdateEntityAsync(row, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _cycles.AddEntityAsync(row, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // A faster writer (a restarted orchestration's): read again and compare.
            }
        }
    }

    public async Task<long> GetProcessedThroughAsync(string cycleId, CancellationToken cancellationToken)
    {
        var stored = await _cycles.GetEntityIfExistsAsync<TableEntity>(ProcessPartition, cycleId, cancellationToken: cancellationToken);
        return stored.HasValue ? stored.Value!.GetInt64("Through") ?? 0 : 0;
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
        row.GetInt64("Version") ?? 0, row.GetDateTimeOffset("NextDue"),
        row.GetInt32("Units") ?? 0, row.GetInt32("Submitted") ?? 0, row.GetString("LastError"), row.ETag);
}
