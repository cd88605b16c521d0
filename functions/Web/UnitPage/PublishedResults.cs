using System.Collections.Concurrent;
using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Web.UnitPage;

/// <summary>
/// The published ranking of a cycle, computed once per cycle version on this instance (the same
/// computation the result emails use), so many units opening their page do not rank again each time.
/// </summary>
public sealed class PublishedResults
{
    private readonly ConcurrentDictionary<string, (long Version, Dictionary<string, RankingRow> Rows)> _cache = new(StringComparer.Ordinal);

    /// <summary>The unit's row once results are published (and not while a re-appraisal is being ranked again).</summary>
    public RankingRow? For(CycleState state, string unitId)
    {
        if (state.PublishedEdition == 0 || state.Phase is not (CyclePhase.Published or CyclePhase.Closed))
        {
            return null;
        }

        if (!_cache.TryGetValue(state.Id, out var cached) || cached.Version != state.Version)
        {
            var rows = Ranker.Rank(state.Id, state.Rubric, state.Assessments(), state.Definition!.Scoring);
            cached = (state.Version, rows.ToDictionary(r => r.UnitId, StringComparer.Ordinal));
            _cache[state.Id] = cached;
        }

        return cached.Rows.TryGetValue(unitId, out var row) ? row : null;
    }
}
