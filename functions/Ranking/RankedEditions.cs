using System.Collections.Concurrent;

namespace ItEval.Ranking;

/// <summary>A stored ranking edition: its rows in order and each unit's row.</summary>
public sealed record RankedEdition(string CycleId, int Number, IReadOnlyList<RankingRow> Rows, IReadOnlyDictionary<string, RankingRow> ByUnit)
{
    public IEnumerable<IGrouping<string, RankingRow>> Groups => Rows.GroupBy(r => r.RankingGroup);
}

/// <summary>
/// Stored editions, read once and kept: every result email batch, unit page, ranking page and export of
/// an edition shares one read. The key includes the edition's content hash, so a draft edition ranked
/// again (new hash) is read again, and a published one (never rewritten) is read once. At most
/// <see cref="Capacity"/> editions are kept.
/// </summary>
public sealed class RankedEditions(RankingStore store)
{
    public const int Capacity = 8;

    private readonly ConcurrentDictionary<string, Lazy<Task<RankedEdition>>> _editions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public async Task<RankedEdition> GetAsync(string cycleId, int edition, string? sha256, CancellationToken cancellationToken)
    {
        var key = $"{cycleId}|{edition}|{sha256}";
        var lazy = _editions.GetOrAdd(key, k =>
        {
            _order.Enqueue(k);
            return new Lazy<Task<RankedEdition>>(() => ReadAsync(cycleId, edition));
        });
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _editions.TryRemove(oldest, out _);
        }

        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            // A failed read is not kept: the next caller reads again.
            _editions.TryRemove(new KeyValuePair<string, Lazy<Task<RankedEdition>>>(key, lazy));
            throw;
        }
    }

    private async Task<RankedEdition> ReadAsync(string cycleId, int edition)
    {
        // Not cancelled by the first caller: other callers share this read.
        var rows = await store.ReadAsync(cycleId, edition, CancellationToken.None);
        return new RankedEdition(cycleId, edition, rows, rows.ToDictionary(r => r.UnitId, StringComparer.Ordinal));
    }
}
