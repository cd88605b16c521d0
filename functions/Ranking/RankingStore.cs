using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ItEval.Storage;

namespace ItEval.Ranking;

/// <summary>
/// The ranking table: one row per unit, cycle, edition and ranking group, in transactions of up to 100
/// rows. Each edition has its own partitions (<c>{cycle}|{edition}|{group}</c>), so a new edition never
/// touches an earlier one. Totals are stored as exact decimal text and read back with the same scale,
/// so a row read back is the row that was ranked.
/// </summary>
public sealed class RankingStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.RankingsTable);

    public async Task SaveAsync(string cycleId, int edition, IReadOnlyList<RankingRow> rows, CancellationToken cancellationToken)
    {
        var order = 0;
        var entities = rows.Select(r => Entity(cycleId, edition, r, order++)).ToList();
        var batches = entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, token) =>
            await _table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));
    }

    /// <summary>An edition's rows in ranking order (by ranking group, then as ranked); empty if it was never stored.</summary>
    public async Task<IReadOnlyList<RankingRow>> ReadAsync(string cycleId, int edition, CancellationToken cancellationToken)
    {
        var prefix = $"{cycleId}|{edition:D4}|";
        var end = $"{cycleId}|{edition:D4}}}";
        var rows = new List<(string Partition, int Order, RankingRow Row)>();
        try
        {
            await foreach (var entity in _table.QueryAsync<TableEntity>(
                e => e.PartitionKey.CompareTo(prefix) > 0 && e.PartitionKey.CompareTo(end) < 0, cancellationToken: cancellationToken))
            {
                rows.Add((entity.PartitionKey, entity.GetInt32("Order") ?? 0, Row(cycleId, entity)));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        return [.. rows.OrderBy(r => r.Partition, StringComparer.Ordinal).ThenBy(r => r.Order).Select(r => r.Row)];
    }

    public static string Partition(string cycleId, int edition, string rankingGroup) => $"{cycleId}|{edition:D4}|{rankingGroup}";

    private static TableEntity Entity(string cycleId, int edition, RankingRow row, int order) => new(Partition(cycleId, edition, row.RankingGroup), row.UnitId)
    {
        ["Edition"] = edition,
        ["Order"] = order,
        ["Status"] = row.Status.ToString(),
        ["Method"] = row.Method.ToString(),
        ["Total"] = Text(row.Total),
        ["TotalDisplay"] = ScoreDisplay.Format(row.Total, row.Method),
        ["Rank"] = row.Rank,
        ["Band"] = row.BandCode,
        ["NotAppraised"] = row.NotAppraisedCount,
        ["GroupPoints"] = JsonSerializer.Serialize(row.Groups.Select(g => new[] { g.Code, Text(g.Points), Text(g.MaxPoints) })),
        ["PreviousTotal"] = Text(row.PreviousTotal),
        ["ScoreChange"] = Text(row.ScoreChange),
        ["PreviousRank"] = row.PreviousRank,
        ["RankChange"] = row.RankChange,
    };

    private static RankingRow Row(string cycleId, TableEntity e) => new(
        cycleId,
        e.PartitionKey[(e.PartitionKey.IndexOf('|', cycleId.Length + 1) + 1)..],
        e.RowKey,
        Enum.Parse<UnitStatus>(e.GetString("Status")),
        Enum.Parse<ScoringMethod>(e.GetString("Method")),
        Number(e.GetString("Total"))!.Value,
        [.. JsonSerializer.Deserialize<string[][]>(e.GetString("GroupPoints"))!.Select(g => new GroupScore(g[0], Number(g[1])!.Value, Number(g[2])!.Value))],
        e.GetInt32("Rank"),
        e.GetString("Band"),
        e.GetInt32("NotAppraised") ?? 0,
        Number(e.GetString("PreviousTotal")),
        Number(e.GetString("ScoreChange")),
        e.GetInt32("PreviousRank"),
        e.GetInt32("RankChange"));

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
