using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ItEval.Engine;

/// <summary>How one kind of stream's events are stored: a type name, a version and JSON, and back.</summary>
public interface IEventCodec<TEvent>
{
    (string Type, int Version, string Json) Encode(TEvent e);

    TEvent Decode(string type, int version, string json);

    /// <summary>When the event happened and who caused it, written beside the payload for people reading the table.</summary>
    (DateTimeOffset At, string? By) Stamp(TEvent e);
}

/// <summary>A stored event with its sequence number (1-based, gap-free per stream).</summary>
public sealed record StoredEvent<TEvent>(long Sequence, string Type, int Version, TEvent Event);

/// <summary>
/// Append-only event streams in Table storage: one partition per stream, row key = zero-padded sequence.
/// Appends are inserts in one transaction, so two writers of the same sequence cannot both succeed: the
/// loser gets <c>false</c> and decides again on fresh state. Payloads too large for a table property go
/// to a blob first, under a unique name, and the row points to it.
/// </summary>
public sealed class EventLog<TEvent>(TableClient rows, BlobContainerClient payloads, IEventCodec<TEvent> codec)
{
    /// <summary>Rows one append may hold (one table transaction).</summary>
    public const int MaxAppend = 100;

    private const int MaxInlineChars = 30_000;

    public async Task<IReadOnlyList<StoredEvent<TEvent>>> ReadAsync(string stream, long after, CancellationToken cancellationToken, int? take = null)
    {
        var result = new List<StoredEvent<TEvent>>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stream} and RowKey gt {Key(after)}");
        await foreach (var row in rows.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var json = row.GetString("Data") ?? (await payloads.GetBlobClient(row.GetString("DataBlob")).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            var type = row.GetString("Type");
            var version = row.GetInt32("Version") ?? 1;
            result.Add(new StoredEvent<TEvent>(long.Parse(row.RowKey, CultureInfo.InvariantCulture), type, version, codec.Decode(type, version, json)));
            if (result.Count == take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Appends after <paramref name="expectedVersion"/>; false if another writer appended first.</summary>
    public async Task<bool> AppendAsync(string stream, long expectedVersion, IReadOnlyList<TEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count > MaxAppend)
        {
            throw new ArgumentException($"One append holds at most {MaxAppend} events (one table transaction).", nameof(events));
        }

        var actions = new List<TableTransactionAction>();
        var written = new List<string>();
        var sequence = expectedVersion;
        // Marks this append: if the SDK retries a transaction that had in fact committed, the 409 it then
        // gets is our own rows, not another writer's, and the append succeeded.
        var appendId = Guid.NewGuid().ToString("N");
        foreach (var e in events)
        {
            var (type, version, json) = codec.Encode(e);
            var (at, by) = codec.Stamp(e);
            var row = new TableEntity(stream, Key(++sequence))
            {
                ["Type"] = type,
                ["Version"] = version,
                ["At"] = at,
                ["By"] = by,
                ["Append"] = appendId,
            };
            if (json.Length <= MaxInlineChars)
            {
                row["Data"] = json;
            }
            else
            {
                var blob = $"events/{stream}/{sequence:D10}-{Guid.NewGuid():N}.json";
                await payloads.GetBlobClient(blob).UploadAsync(BinaryData.FromString(json), cancellationToken);
                written.Add(blob);
                row["DataBlob"] = blob;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        try
        {
            await rows.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            if (await IsOursAsync(stream, expectedVersion + 1, appendId, cancellationToken))
            {
                return true;
            }

            // Another writer won: the payloads written for this append would be orphans.
            foreach (var blob in written)
            {
                await payloads.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }

            return false;
        }
    }

    /// <summary>Whether the row at <paramref name="sequence"/> was written by the append <paramref name="appendId"/>.</summary>
    private async Task<bool> IsOursAsync(string stream, long sequence, string appendId, CancellationToken cancellationToken)
    {
        var stored = await rows.GetEntityIfExistsAsync<TableEntity>(stream, Key(sequence), ["Append"], cancellationToken);
        return stored.HasValue && stored.Value!.GetString("Append") == appendId;
    }

    private static string Key(long sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);
}
