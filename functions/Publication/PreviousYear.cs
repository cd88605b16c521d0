using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>
/// Last year's results of this cycle's units, for the change from the previous year: the latest
/// published edition of every cycle of the year before, matched by unit code (unit ids may differ
/// from year to year, codes are what agencies keep). Only when both years score the same way (points
/// or index): a change between a points total and an index would mean nothing. The previous rank is
/// given only when the unit is in a ranking group of the same code both years.
/// </summary>
public sealed class PreviousYear(CycleStore cycles, CycleEngine engine, RankedEditions editions)
{
    /// <summary>One of this cycle's units: its id, code and ranking group.</summary>
    public sealed record Unit(string Id, string Code, string RankingGroup);

    public async Task<IReadOnlyDictionary<string, PreviousResult>> ResultsAsync(
        string cycleId, int year, ScoringMethod method, IReadOnlyList<Unit> units, CancellationToken cancellationToken)
    {
        var byCode = units.GroupBy(u => u.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var results = new Dictionary<string, PreviousResult>(StringComparer.Ordinal);
        var candidates = (await cycles.ListAsync(activeOnly: false, cancellationToken))
            .Where(c => c.Year == year - 1 && c.Id != cycleId && c.Phase is CyclePhase.Published or CyclePhase.Closed)
            .OrderBy(c => c.Id, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var published = await engine.QueryAsync(candidate.Id, s => s.PublishedEdition > 0 && s.Definition!.Method == method
                ? (Edition: s.PublishedEdition, s.Editions.LastOrDefault()?.Sha256, Codes: s.Units.Values.ToDictionary(u => u.Info.Id, u => u.Info.Code, StringComparer.Ordinal))
                : default, cancellationToken);
            if (published.Codes is null)
            {
                continue;
            }

            var edition = await editions.GetAsync(candidate.Id, published.Edition, published.Sha256, cancellationToken);
            foreach (var row in edition.Rows)
            {
                if (published.Codes.TryGetValue(row.UnitId, out var code) && byCode.TryGetValue(code, out var unit) && !results.ContainsKey(unit.Id))
                {
                    results[unit.Id] = new PreviousResult(unit.Id, row.Total, row.RankingGroup == unit.RankingGroup ? row.Rank : null);
                }
            }
        }

        return results;
    }
}
