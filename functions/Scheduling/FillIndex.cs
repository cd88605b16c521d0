namespace ItEval.Scheduling;

/// <summary>
/// The units the fill has not placed yet, indexed so that choosing the next unit for a team-day does not
/// scan them all (a 100,000-unit plan made 100,000 choices over up to 100,000 units). The choice is the
/// first by: prefers the day; same district as the unit just placed; district with most units left;
/// fewest possible days; district code; unit order — exactly as a scan over every unit would choose.
/// </summary>
internal sealed class FillIndex
{
    private readonly PlanBoard _board;
    private readonly Dictionary<string, SortedSet<(int DayOptions, int Unit)>> _byDistrict = new(StringComparer.Ordinal);
    private readonly SortedSet<(int NegativeLeft, string District)> _districts = new(Comparer<(int, string)>.Create((a, b) =>
        a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));
    private readonly SortedSet<int> _preferring = [];
    private readonly int _cheapest;

    public FillIndex(PlanBoard board)
    {
        _board = board;
        for (var u = 0; u < board.Units.Count; u++)
        {
            var unit = board.Units[u];
            if (!_byDistrict.TryGetValue(unit.Info.District, out var units))
            {
                _byDistrict[unit.Info.District] = units = [];
            }

            units.Add((unit.DayOptions, u));
            if (unit.Preferred.Count > 0)
            {
                _preferring.Add(u);
            }
        }

        foreach (var (district, units) in _byDistrict)
        {
            _districts.Add((-units.Count, district));
        }

        _cheapest = board.Units.Count == 0 ? 1 : board.Units.Min(u => u.Cost);
        Count = board.Units.Count;
    }

    public int Count { get; private set; }

    public void Remove(int u)
    {
        var unit = _board.Units[u];
        var units = _byDistrict[unit.Info.District];
        if (!units.Remove((unit.DayOptions, u)))
        {
            return;
        }

        _districts.Remove((-(units.Count + 1), unit.Info.District));
        if (units.Count > 0)
        {
            _districts.Add((-units.Count, unit.Info.District));
        }

        _preferring.Remove(u);
        Count--;
    }

    /// <summary>The next unit for <paramref name="teamDay"/> after one from <paramref name="district"/>, or −1.</summary>
    public int Pick(int teamDay, string? district, bool keepNear = false)
    {
        // With neighbour groups only districts near every district already on the team-day qualify.
        bool Qualifies(string candidate) => !keepNear || _board.NearDay(candidate, teamDay);
        if (_board.Load[teamDay] + _cheapest > _board.Capacity)
        {
            return -1;
        }

        var day = _board.DayOf(teamDay);
        var best = -1;
        foreach (var u in _preferring)
        {
            if (_board.Units[u].Preferred.Contains(day) && _board.Fits(u, teamDay) && Qualifies(_board.Units[u].Info.District) && (best < 0 || Before(u, best, district)))
            {
                best = u;
            }
        }

        if (best >= 0)
        {
            return best;
        }

        if (district is not null && Qualifies(district) && _byDistrict.TryGetValue(district, out var same) && FirstFitting(same, teamDay) is var here and >= 0)
        {
            return here;
        }

        // Districts with most units left first; among equally large ones, fewest possible days, then district code.
        int? left = null;
        (int DayOptions, int Unit)? chosen = null;
        foreach (var (negativeLeft, name) in _districts)
        {
            if (!Qualifies(name))
            {
                continue;
            }

            if (left is { } size && size != negativeLeft)
            {
                if (chosen is not null)
                {
                    break;
                }
            }

            left = negativeLeft;
            if (FirstFitting(_byDistrict[name], teamDay) is var u and >= 0 && (chosen is null || _board.Units[u].DayOptions < chosen.Value.DayOptions))
            {
                chosen = (_board.Units[u].DayOptions, u);
            }
        }

        return chosen?.Unit ?? -1;
    }

    private int FirstFitting(SortedSet<(int DayOptions, int Unit)> units, int teamDay)
    {
        foreach (var (_, u) in units)
        {
            if (_board.Fits(u, teamDay))
            {
                return u;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/> among units that both prefer the day.</summary>
    private bool Before(int a, int b, string? district)
    {
        var (x, y) = (_board.Units[a], _board.Units[b]);
        var key = (district is not null && x.Info.District == district ? 0 : 1, -_byDistrict[x.Info.District].Count, x.DayOptions)
            .CompareTo((district is not null && y.Info.District == district ? 0 : 1, -_byDistrict[y.Info.District].Count, y.DayOptions));
        return key != 0 ? key < 0 : string.CompareOrdinal(x.Info.District, y.Info.District) is var byName && (byName != 0 ? byName < 0 : a < b);
    }
}
