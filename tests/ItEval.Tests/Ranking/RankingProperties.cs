using FsCheck;
using FsCheck.Xunit;
using ItEval.Ranking;

namespace ItEval.Tests.Ranking;

/// <summary>Invariants of ranking over random inputs (small totals, so ties are frequent).</summary>
public sealed class RankingProperties
{
    private static readonly ItEval.Rubrics.Rubric Rubric = TestRubric.TwoGroups();

    [Property(MaxTest = 300)]
    public bool Permuting_the_input_never_changes_the_result((byte Group, byte Total, bool Submitted)[] units, int seed)
    {
        var scores = ToScores(units);
        var shuffled = scores.OrderBy(_ => 0).ToArray();
        new Random(seed).Shuffle(shuffled);

        var settings = new ScoringSettings { TieBreakerGroups = seed % 2 == 0 ? ["A"] : [] };
        return Ranker.Rank("c", Rubric, scores, settings).SequenceEqual(Ranker.Rank("c", Rubric, shuffled, settings), RowComparer.Instance);
    }

    [Property(MaxTest = 300)]
    public bool A_higher_total_never_ranks_below_a_lower_one_in_the_same_group((byte Group, byte Total, bool Submitted)[] units)
    {
        var rows = Ranker.Rank("c", Rubric, ToScores(units, allSubmitted: true), new ScoringSettings());

        return rows.All(a => rows.Where(b => b.RankingGroup == a.RankingGroup && b.Total < a.Total).All(b => a.Rank < b.Rank));
    }

    [Property(MaxTest = 300)]
    public bool Ranks_are_one_based_and_skip_exactly_after_ties((byte Group, byte Total, bool Submitted)[] units)
    {
        var rows = Ranker.Rank("c", Rubric, ToScores(units), new ScoringSettings());

        // Competition ranking: a unit's rank is 1 + the number of units in its group ranked strictly better.
        return rows.All(r => r.Rank == 1 + rows.Count(o => o.RankingGroup == r.RankingGroup && IsBetter(o, r)));
    }

    [Property(MaxTest = 200)]
    public bool Every_unit_appears_exactly_once((byte Group, byte Total, bool Submitted)[] units, bool listUnranked)
    {
        var scores = ToScores(units);
        var settings = new ScoringSettings { NotSubmitted = listUnranked ? NotSubmittedPolicy.ListUnranked : NotSubmittedPolicy.RankLastWithZero };

        var rows = Ranker.Rank("c", Rubric, scores, settings);

        return rows.Select(r => r.UnitId).Order().SequenceEqual(scores.Select(s => s.UnitId).Order())
            && rows.All(r => (r.Rank is null) == (listUnranked && r.Status == UnitStatus.NotSubmitted));
    }

    private static bool IsBetter(RankingRow a, RankingRow b)
    {
        var aSubmitted = a.Status != UnitStatus.NotSubmitted;
        var bSubmitted = b.Status != UnitStatus.NotSubmitted;
        return aSubmitted != bSubmitted ? aSubmitted : a.Total > b.Total;
    }

    private static UnitScore[] ToScores((byte Group, byte Total, bool Submitted)[] units, bool allSubmitted = false) =>
        [.. (units ?? []).Select((u, i) =>
        {
            var submitted = allSubmitted || u.Submitted;
            // Totals of different scales (10, 5.0, 3.333…) exercise the exact comparison of decimals.
            var total = submitted ? u.Total % 11 * 10m / (1 + (u.Total % 3)) : 0m;
            return RankerTests.Score($"u{i:D3}", $"g{u.Group % 3}", total, groupA: Math.Min(total, u.Total % 7 * 10m),
                status: submitted ? UnitStatus.Appraised : UnitStatus.NotSubmitted);
        })];

    private sealed class RowComparer : IEqualityComparer<RankingRow>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(RankingRow x, RankingRow y) => x with { Groups = y.Groups } == y && x.Groups.SequenceEqual(y.Groups);

        public int GetHashCode(RankingRow obj) => obj.UnitId.GetHashCode(StringComparison.Ordinal);
    }
}
