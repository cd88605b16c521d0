using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ItEval.Storage;

namespace ItEval.Cycle;

/// <summary>A stored event with its sequence number (1-based, gap-free per cycle).</summary>
public sealed record StoredEvent(long Sequence, string Type, int Version, CycleEvent Event);

/// <summary>
/// The cycles-table row, a snapshot of what lists, the sweep and the status read without replaying
/// events; written with ETags so it only moves forward.
/// </summary>
public sealed record CycleSummary(string Id, int Year, string Name, CyclePhase Phase, long Version, long EnqueuedThrough, DateTimeOffset? NextDue, int Units, int Submitted, string? LastError, ETag ETag);

/// <summary>
/// The event log of each cycle in Table storage: one partition per cycle, row key = zero-padded
/// sequence. Appends are inserts in one transaction, so two writers of the same sequence cannot both
/// succeed: the loser gets <c>false</c> and decides again on fresh state. Payloads too large for a
/// table property go to a blob first, under a unique name, and the row points to it.
/// </summary>
public sealed class CycleStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    private const int MaxInlineChars = 30_000;
    private const string SummaryPartition = "cycles";

    private readonly TableClient _events = tables.GetTableClient(names.CycleEventsTable);
    private readonly TableClient _cycles = tables.GetTableClient(names.CyclesTable);
    private readonly BlobContainerClient _state = blobs.GetBlobContainerClient(names.StateContainer);

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string cycleId, long after, CancellationToken cancellationToken, int? take = null)
    {
        var result = new List<StoredEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {cycleId} and RowKey gt {Key(after)}");
        await foreach (var row in _events.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var json = row.GetString("Data") ?? (await _state.GetBlobClient(row.GetString("DataBlob")).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            var type = row.GetString("Type");
            var version = row.GetInt32("Version") ?? 1;
            result.Add(new StoredEvent(long.Parse(row.RowKey, CultureInfo.InvariantCulture), type, version, CycleEventTypes.Deserialize(type, version, json)));
            if (result.Count == take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Appends after <paramref name="expectedVersion"/>; false if another writer appended first.</summary>
    public async Task<bool> AppendAsync(string cycleId, long expectedVersion, IReadOnlyList<CycleEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count > 100)
        {
            throw new ArgumentException("One decision may append at most 100 events (one table transaction).", nameof(events));
        }

        var rows = new List<TableTransactionAction>();
        var payloads = new List<string>();
        var sequence = expectedVersion;
        // Marks this append: if the SDK retries a transaction that had in fact committed, the 409 it then
        // gets is our own rows, not another writer's, and the append succeeded.
        var appendId = Guid.NewGuid().ToString("N");
        foreach (var e in events)
        {
            var (type, version, json) = CycleEventTypes.Serialize(e);
            var row = new TableEntity(cycleId, Key(++sequence))
            {
                ["Type"] = type,
                ["Version"] = version,
                ["At"] = e.At,
                ["By"] = e.By,
                ["Append"] = appendId,
            };
            if (json.Length <= MaxInlineChars)
            {
                row["Data"] = json;
            }
            else
            {
                var blob = $"events/{cycleId}/{sequence:D10}-{Guid.NewGuid():N}.json";
                await _state.GetBlobClient(blob).UploadAsync(BinaryData.FromString(json), cancellationToken);
                payloads.Add(blob);
                row["DataBlob"] = blob;
            }

            rows.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        try
        {
            await _events.SubmitTransactionAsync(rows, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            if (await IsOursAsync(cycleId, expectedVersion + 1, appendId, cancellationToken))
            {
                return true;
            }

            // Another writer won: the payloads written for this append would be orphans.
            foreach (var blob in payloads)
            {
                await _state.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }

            return false;
        }
    }

    /// <summary>Whether the row at <paramref name="sequence"/> was written by the append <paramref name="appendId"/>.</summary>
    private async Task<bool> IsOursAsync(string cycleId, long sequence, string appendId, CancellationToken cancellationToken)
    {
        var stored = await _events.GetEntityIfExistsAsync<TableEntity>(cycleId, Key(sequence), ["Append"], cancellationToken);
        return stored.HasValue && stored.Value!.GetString("Append") == appendId;
    }

    /// <summary>
    /// Writes the summary row unless a newer one is stored: an ETag-conditional replace (or an insert), so
    /// an instance holding older state never overwrites what a faster instance recorded.
    /// </summary>
    public async Task SaveSummaryAsync(CycleState state, long enqueuedThrough, DateTimeOffset? nextDue, CancellationToken cancellationToken)
    {
        var row = new TableEntity(SummaryPartition, state.Id)
        {
            ["Year"] = state.Definition!.Year,
            ["Name"] = state.Definition.Name,
            ["Phase"] = state.Phase.ToString(),
            ["Version"] = state.Version,
            ["EnqueuedThrough"] = enqueuedThrough,
            ["NextDue"] = nextDue,
            ["Units"] = state.Units.Count,
            ["Submitted"] = state.Units.Values.Count(u => u.Submitted),
            ["LastError"] = state.LastError,
            ["Active"] = !state.IsFinished,
        };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await _cycles.GetEntityIfExistsAsync<TableEntity>(SummaryPartition, state.Id, cancellationToken: cancellationToken);
            try
            {
                if (!stored.HasValue)
                {
                    await _cycles.AddEntityAsync(row, cancellationToken);
                    return;
                }

                if ((stored.Value!.GetInt64("Version") ?? 0) > state.Version || (stored.Value.GetInt64("EnqueuedThrough") ?? 0) > enqueuedThrough)
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

    private static string Key(long sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);
}
