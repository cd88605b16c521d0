using ItEval.Rubrics;

namespace ItEval.Ranking;

/// <summary>
/// Xếp hạng: ranks each ranking group on its own. Equal totals share a rank and the next rank is
/// skipped (1, 2, 2, 4) unless tie-breaker groups separate them. Units that did not submit are ranked
/// after all others with 0, or listed unranked, per the cycle setting. The result does not depend on
/// the order of the input: rows come out by group, rank, then unit id.
/// </summary>
public static class Ranker
{
    public static IReadOnlyList<RankingRow> Rank(
        string cycleId,
        Rubric rubric,
        IEnumerable<UnitScore> scores,
        ScoringSettings settings,
        IReadOnlyDictionary<string, PreviousResult>? previous = null)
    {
        var bands = settings.Bands ?? BandScale.Default(settings.Method, rubric.MaxPoints);
        var order = new BetterFirst(settings.TieBreakerGroups
            .Select(code => rubric.Groups.ToList().FindIndex(g => g.Code == code))
            .Where(index => index >= 0)
            .ToArray());
        var listUnranked = settings.NotSubmitted == NotSubmittedPolicy.ListUnranked;

        var groups = new SortedDictionary<string, (List<UnitScore> Ranked, List<UnitScore> Unranked)>(StringComparer.Ordinal);
        foreach (var score in scores)
        {
            if (!groups.TryGetValue(score.RankingGroup, out var group))
            {
                groups[score.RankingGroup] = group = ([], []);
            }

            (listUnranked && score.Status == UnitStatus.NotSubmitted ? group.Unranked : group.Ranked).Add(score);
        }

        var rows = new List<RankingRow>(groups.Values.Sum(g => g.Ranked.Count + g.Unranked.Count));
        foreach (var (ranked, unranked) in groups.Values)
        {
            var standings = SortBetterFirst(ranked, order);
            for (int i = 0, rank = 1; i < standings.Length; i++)
            {
                if (i > 0 && order.CompareStanding(standings[i], standings[i - 1]) != 0)
                {
                    rank = i + 1;
                }

                var score = standings[i].Score;
                rows.Add(Row(cycleId, score, settings.Method, rank, bands.Classify(score.Total).Code, previous));
            }

            unranked.Sort((a, b) => string.CompareOrdinal(a.UnitId, b.UnitId));
            rows.AddRange(unranked.Select(s => Row(cycleId, s, settings.Method, rank: null, band: null, previous)));
        }

        return rows;
    }

    /// <summary>
    /// Sorts a ranking group best first. Totals are first turned into exact integer keys (each total
    /// scaled to the group's largest number of decimals), which sort much faster than decimals; only
    /// runs of equal totals then need the full comparison (tie-breakers, unit id).
    /// </summary>
    private static Standing[] SortBetterFirst(List<UnitScore> scores, BetterFirst order)
    {
        var standings = scores.Select(s => new Standing(s)).ToArray();
        var keys = ExactKeys(standings);
        if (keys is null)
        {
            Array.Sort(standings, order);
            return standings;
        }

        Array.Sort(keys, standings);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(standings, start, end - start, order);
            }

            start = end;
        }

        return standings;
    }

    /// <summary>Ascending keys for "better first": −total × 10^scale, units that did not submit last; null if a total is too large.</summary>
    private static Int128[]? ExactKeys(Standing[] standings)
    {
        var scale = standings.Length == 0 ? 0 : standings.Max(s => s.Total.Scale);
        var keys = new Int128[standings.Length];
        Span<int> bits = stackalloc int[4];
        try
        {
            for (var i = 0; i < standings.Length; i++)
            {
                var total = standings[i].Total;
                decimal.GetBits(total, bits);
                var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
                var scaled = checked(mantissa * Int128.CreateChecked(Pow10(scale - total.Scale)));
                keys[i] = !standings[i].Submitted ? Int128.MaxValue : total < 0 ? scaled : -scaled;
            }
        }
        catch (OverflowException)
        {
            return null;
        }

        return keys;
    }

    private static UInt128 Pow10(int exponent)
    {
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>Score every unit, then rank: the whole path from assessments to the ranking table.</summary>
    public static IReadOnlyList<RankingRow> Rank(
        string cycleId, Rubric rubric, IEnumerable<UnitAssessment> units, ScoringSettings settings,
        IReadOnlyDictionary<string, PreviousResult>? previous = null) =>
        Rank(cycleId, rubric, units.Select(u => Scoring.Score(rubric, u, settings)), settings, previous);

    private static RankingRow Row(
        string cycleId, UnitScore score, ScoringMethod method, int? rank, string? band, IReadOnlyDictionary<string, PreviousResult>? previous)
    {
        var before = previous?.GetValueOrDefault(score.UnitId);
        return new RankingRow(
            cycleId, score.RankingGroup, score.UnitId, score.Status, method, score.Total, score.Groups,
            rank, band, score.NotAppraised.Count,
            before?.Total,
            before is null ? null : score.Total - before.Total,
            before?.Rank,
            before?.Rank is int was && rank is int now ? was - now : null);
    }

    /// <summary>A unit's score with the fields ranking compares, copied out so sorting touches no other object.</summary>
    private readonly struct Standing(UnitScore score)
    {
        public readonly UnitScore Score = score;
        public readonly decimal Total = score.Total;
        public readonly bool Submitted = score.Status != UnitStatus.NotSubmitted;
    }

    /// <summary>
    /// Better units first: submitted before not submitted, higher total, then the tie-breaker groups'
    /// points. Units of equal standing are listed by unit id, which never affects their rank.
    /// </summary>
    private sealed class BetterFirst(int[] tieBreakers) : IComparer<Standing>
    {
        public int Compare(Standing x, Standing y)
        {
            var standing = CompareStanding(x, y);
            return standing != 0 ? standing : string.CompareOrdinal(x.Score.UnitId, y.Score.UnitId);
        }

        public int CompareStanding(in Standing x, in Standing y)
        {
            if (x.Submitted != y.Submitted)
            {
                return x.Submitted ? -1 : 1;
            }

            var byTotal = y.Total.CompareTo(x.Total);
            for (var i = 0; byTotal == 0 && i < tieBreakers.Length; i++)
            {
                byTotal = y.Score.Groups[tieBreakers[i]].Points.CompareTo(x.Score.Groups[tieBreakers[i]].Points);
            }

            return byTotal;
        }
    }
}
