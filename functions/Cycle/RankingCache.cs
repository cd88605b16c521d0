using System.Collections.Concurrent;
using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>A cycle's ranking at one version: the rows in order and each unit's row.</summary>
public sealed record RankedCycle(long Version, IReadOnlyList<RankingRow> Rows, IReadOnlyDictionary<string, RankingRow> ByUnit);

/// <summary>
/// The ranking as a cycle's state gives it now, computed once per cycle version on this instance (for
/// previews before anything is published; what was published is read from its stored edition).
/// Call it with the state the engine hands out (under the cycle's lock).
/// </summary>
public sealed class RankingCache
{
    /// <summary>Cycles whose preview ranking is kept; the oldest kept leaves first (it is computed again when needed).</summary>
    public const int Capacity = 16;

    private readonly ConcurrentDictionary<string, RankedCycle> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Cycles whose ranking this instance holds now.</summary>
    public int Count => _cache.Count;

    public RankedCycle Of(CycleState state)
    {
        if (_cache.TryGetValue(state.Id, out var cached) && cached.Version == state.Version)
        {
            return cached;
        }

        var rows = Ranker.Rank(state.Id, state.Rubric, state.Assessments(), state.Definition!.Scoring);
        var ranked = new RankedCycle(state.Version, rows, rows.ToDictionary(r => r.UnitId, StringComparer.Ordinal));
        if (_cache.TryAdd(state.Id, ranked))
        {
            _order.Enqueue(state.Id);
            while (_cache.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _cache.TryRemove(oldest, out _);
            }
        }
        else
        {
            _cache[state.Id] = ranked;
        }

        return ranked;
    }
}
