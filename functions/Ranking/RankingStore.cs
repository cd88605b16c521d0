using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Storage;

namespace ItEval.Ranking;

/// <summary>
/// Writes the ranking table: one row per unit per cycle, one partition per cycle and ranking group,
/// in transactions of up to 100 rows. Totals are stored as exact decimal text.
/// </summary>
public sealed class RankingStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.RankingsTable);

    public async Task SaveAsync(string cycleId, int edition, IReadOnlyList<RankingRow> rows, CancellationToken cancellationToken)
    {
        foreach (var group in rows.GroupBy(r => r.RankingGroup, StringComparer.Ordinal))
        {
            foreach (var batch in group.Chunk(100))
            {
                await _table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(cycleId, edition, r))), cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<TableEntity>> ReadAsync(string cycleId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(cycleId + "|") > 0 && r.PartitionKey.CompareTo(cycleId + "}") < 0, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static string Partition(string cycleId, string rankingGroup) => $"{cycleId}|{rankingGroup}";

    private static TableEntity Entity(string cycleId, int edition, RankingRow row) => new(Partition(cycleId, row.RankingGroup), row.UnitId)
    {
        ["Edition"] = edition,
        ["Status"] = row.Status.ToString(),
        ["Method"] = row.Method.ToString(),
        ["Total"] = row.Total.ToString(CultureInfo.InvariantCulture),
        ["TotalDisplay"] = ScoreDisplay.Format(row.Total, row.Method),
        ["Rank"] = row.Rank,
        ["Band"] = row.BandCode,
        ["NotAppraised"] = row.NotAppraisedCount,
        ["GroupPoints"] = JsonSerializer.Serialize(row.Groups.ToDictionary(g => g.Code, g => g.Points)),
        ["PreviousTotal"] = row.PreviousTotal?.ToString(CultureInfo.InvariantCulture),
        ["ScoreChange"] = row.ScoreChange?.ToString(CultureInfo.InvariantCulture),
        ["PreviousRank"] = row.PreviousRank,
        ["RankChange"] = row.RankChange,
    };
}
