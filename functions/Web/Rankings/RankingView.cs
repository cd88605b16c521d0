using System.Globalization;
using ItEval.Cycle;
using ItEval.Publication;
using ItEval.Ranking;

namespace ItEval.Web.Rankings;

/// <summary>A criteria group's points of one unit, with the group's max.</summary>
public sealed record CriteriaGroupPoints(string Code, string Name, decimal Points, decimal Max);

/// <summary>One unit's row as people read it: rank, total (exact and as shown), band, last year's result, criteria groups.</summary>
public sealed record RankingUnitView(
    int? Rank, string UnitId, string Code, string Name, UnitStatus Status, decimal Total, string TotalText, string? Band, string? BandName,
    decimal? PreviousTotal, decimal? ScoreChange, string? ChangeText, int? PreviousRank, int? RankChange, IReadOnlyList<CriteriaGroupPoints> CriteriaGroups);

/// <summary>A ranking group (khối) with its units in rank order and the median of their totals.</summary>
public sealed record RankingGroupView(string Code, string Name, IReadOnlyList<RankingUnitView> Units, decimal? Median)
{
    /// <summary>The median of each criteria group's points over the group's ranked units, in rubric order.</summary>
    public IReadOnlyList<decimal> CriteriaMedians(int count) =>
        [.. Enumerable.Range(0, count).Select(i => RankingViews.Median(Units.Where(u => u.Rank is not null).Select(u => u.CriteriaGroups[i].Points)) ?? 0m)];
}

/// <summary>An edition: published or the draft ranked for the next publication, with its hash and documents.</summary>
public sealed record EditionView(int Number, bool Published, DateTimeOffset? PublishedAt, string? PublishedBy, string? Sha256, IReadOnlyList<ExportFile> Files)
{
    /// <summary>Why this edition corrects the documents of the one before (đính chính); null for an ordinary edition.</summary>
    public string? Correction { get; init; }

    /// <summary>The later published edition that replaces this one (a re-appraisal or a correction); null for the latest.</summary>
    public int? SupersededBy { get; init; }
}

/// <summary>A band as readers see it: the lowest total that reaches it, none for the lowest band.</summary>
public sealed record BandView(string Code, string NameVi, string NameEn, decimal? Minimum);

/// <summary>A cycle's ranking at one edition, ready for the API, the pages and the public results.</summary>
public sealed record RankingView(
    string CycleId, string CycleName, int Year, ScoringMethod Method, EditionView Edition, IReadOnlyList<EditionView> Editions,
    IReadOnlyList<BandView> Bands, IReadOnlyList<RankingGroupView> Groups);

/// <summary>
/// Builds ranking views from the cycle and its stored editions. Readers of the public page see only
/// published editions; admins and appraisers also the ranked draft waiting for publication.
/// </summary>
public sealed class RankingViews(CycleEngine engine, RankedEditions editions)
{
    public async Task<RankingView?> GetAsync(string cycleId, int? number, bool includeDraft, string language, CancellationToken cancellationToken)
    {
        var chosen = await engine.QueryAsync(cycleId, s =>
        {
            if (!s.Exists)
            {
                return ((int, string?, bool)?)null;
            }

            if (number is { } n)
            {
                return n >= 1 && n <= s.Editions.Count ? (n, s.Editions[n - 1].Sha256, true)
                    : includeDraft && s.RankingReady && s.RankingEdition == n ? (n, s.RankingSha256, false)
                    : null;
            }

            return Publications.Latest(s, includeDraft);
        }, cancellationToken);
        if (chosen is not { } edition)
        {
            return null;
        }

        var ranked = await editions.GetAsync(cycleId, edition.Item1, edition.Item2, cancellationToken);
        return await engine.QueryAsync(cycleId, s => Build(s, ranked, edition.Item3, includeDraft, language == "en"), cancellationToken);
    }

    private static RankingView Build(CycleState state, RankedEdition ranked, bool published, bool includeDraft, bool en)
    {
        var cycle = state.Definition!;
        var culture = en ? CultureInfo.InvariantCulture : null;
        var groupNames = state.Rubric.Groups.ToDictionary(g => g.Code, g => en ? g.Name.En : g.Name.Vi);
        var groups = ranked.Groups.Select(g =>
        {
            var units = g.Select(row =>
            {
                var unit = state.Units[row.UnitId].Info;
                var band = state.Bands.Find(row.BandCode);
                return new RankingUnitView(
                    row.Rank, row.UnitId, unit.Code, unit.Name, row.Status, row.Total, ScoreDisplay.Format(row.Total, row.Method, culture), row.BandCode,
                    band is null ? null : en ? band.NameEn : band.NameVi, row.PreviousTotal, row.ScoreChange,
                    row.ScoreChange is { } change ? (change > 0 ? "+" : "") + ScoreDisplay.Format(change, row.Method, culture) : null,
                    row.PreviousRank, row.RankChange, [.. row.Groups.Select(p => new CriteriaGroupPoints(p.Code, groupNames.GetValueOrDefault(p.Code, p.Code), p.Points, p.MaxPoints))]);
            }).ToList();
            return new RankingGroupView(g.Key, cycle.GroupName(g.Key), units, Median(units.Where(u => u.Rank is not null).Select(u => u.Total)));
        }).ToList();
        var editionViews = state.Editions.Select(e => new EditionView(e.Number, true, e.PublishedAt, e.By, e.Sha256, e.Files)
        {
            Correction = e.Correction,
            SupersededBy = e.Number < state.Editions.Count ? e.Number + 1 : null,
        }).ToList();
        if (includeDraft && state.RankingReady && state.RankingEdition is { } draft && draft > state.PublishedEdition)
        {
            editionViews.Add(new EditionView(draft, false, null, null, state.RankingSha256, []));
        }

        var current = editionViews.FirstOrDefault(e => e.Number == ranked.Number) ?? new EditionView(ranked.Number, published, null, null, null, []);
        IReadOnlyList<BandView> bands = [.. state.Bands.Bands.Select(b => new BandView(b.Code, b.NameVi, b.NameEn, b.Minimum == decimal.MinValue ? null : b.Minimum))];
        return new RankingView(state.Id, cycle.Name, cycle.Year, cycle.Method, current, editionViews, bands, groups);
    }

    public static decimal? Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
