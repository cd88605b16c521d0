using ItEval.Cycle;

namespace ItEval.Scheduling;

/// <summary>
/// The planning problem as numbers, and a plan being built on it: units, working days, teams, and which
/// team-day (day × team) holds each unit. A team-day holds <see cref="Capacity"/> slots; a visit takes one,
/// or more for a far district. Pure and deterministic: every choice breaks ties by order.
/// </summary>
internal sealed class PlanBoard
{
    public PlanBoard(VisitRequest request)
    {
        Request = request;
        Days = request.WorkingDays();
        Teams = [.. request.Team.GroupBy(m => m.TeamId, StringComparer.Ordinal).Select(g => new PlanTeam(g.Key, [.. g]))];
        Capacity = request.VisitsPerDay;
        Units = [.. request.Units.OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => new PlanUnit(u, this))];
        At = [.. Enumerable.Repeat(-1, Units.Count)];
        Load = new int[Days.Count * Teams.Count];
        _districts = [.. Enumerable.Range(0, Load.Length).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
        Neighbours = new DistrictNeighbours(request.NeighbourGroups);
    }

    private readonly Dictionary<string, int>[] _districts;

    public DistrictNeighbours Neighbours { get; }

    /// <summary>The districts a team-day visits, with how many units of each.</summary>
    public IReadOnlyDictionary<string, int> DistrictsOn(int teamDay) => _districts[teamDay];

    /// <summary>Whether a unit of <paramref name="district"/> keeps the team-day within neighbouring districts.</summary>
    public bool NearDay(string district, int teamDay) => Neighbours.NearAll(district, _districts[teamDay].Keys);

    public VisitRequest Request { get; }

    public IReadOnlyList<DateOnly> Days { get; }

    public IReadOnlyList<PlanTeam> Teams { get; }

    /// <summary>Slots of one team on one day.</summary>
    public int Capacity { get; }

    /// <summary>In code order.</summary>
    public IReadOnlyList<PlanUnit> Units { get; }

    /// <summary>Unit index → team-day index, or -1 while unplaced.</summary>
    public int[] At { get; }

    /// <summary>Team-day index → slots taken.</summary>
    public int[] Load { get; }

    public int TeamDays => Load.Length;

    public int DayOf(int teamDay) => teamDay / Teams.Count;

    public int TeamOf(int teamDay) => teamDay % Teams.Count;

    public int TeamDay(int day, int team) => day * Teams.Count + team;

    public bool Fits(int unit, int teamDay) => Units[unit].Allows(DayOf(teamDay), TeamOf(teamDay)) && Load[teamDay] + Units[unit].Cost <= Capacity;

    public void Place(int unit, int teamDay)
    {
        Lift(unit);
        At[unit] = teamDay;
        Load[teamDay] += Units[unit].Cost;
        var district = Units[unit].Info.District;
        _districts[teamDay][district] = _districts[teamDay].GetValueOrDefault(district) + 1;
    }

    public void Lift(int unit)
    {
        if (At[unit] >= 0)
        {
            Load[At[unit]] -= Units[unit].Cost;
            var here = _districts[At[unit]];
            var district = Units[unit].Info.District;
            if (--here[district] == 0)
            {
                here.Remove(district);
            }

            At[unit] = -1;
        }
    }

    /// <summary>
    /// Places <paramref name="unit"/> moving the fewest others: a team-day with room if there is one
    /// (among <paramref name="targets"/>, in order), else the shortest chain of one-slot visits that each
    /// move to another team-day they fit, ending in one with room (an augmenting path, found breadth
    /// first). Returns the units moved besides it, or null when no chain exists.
    /// </summary>
    public IReadOnlyList<int>? PlaceWithFewestMoves(int unit, IEnumerable<int>? targets = null)
    {
        var starts = (targets ?? Enumerable.Range(0, TeamDays)).Where(td => Units[unit].Allows(DayOf(td), TeamOf(td))).ToList();
        if (starts.FirstOrDefault(td => Load[td] + Units[unit].Cost <= Capacity, -1) is var direct and >= 0)
        {
            Place(unit, direct);
            return [];
        }

        if (Units[unit].Cost != 1)
        {
            // Freeing several slots for one long visit is not a path; the exact search covers small cases.
            return null;
        }

        var occupants = new List<int>[TeamDays];
        for (var u = 0; u < Units.Count; u++)
        {
            if (At[u] >= 0 && Units[u].Cost == 1)
            {
                (occupants[At[u]] ??= []).Add(u);
            }
        }

        // BFS over team-days: from a full one, one of its one-slot visits may move to another it fits.
        var parent = new Dictionary<int, (int From, int Mover)>();
        var queue = new Queue<int>();
        foreach (var td in starts)
        {
            parent[td] = (-1, unit);
            queue.Enqueue(td);
        }

        while (queue.Count > 0)
        {
            var full = queue.Dequeue();
            foreach (var mover in occupants[full] ?? [])
            {
                for (var next = 0; next < TeamDays; next++)
                {
                    if (next == full || parent.ContainsKey(next) || !Units[mover].Allows(DayOf(next), TeamOf(next)))
                    {
                        continue;
                    }

                    parent[next] = (full, mover);
                    if (Load[next] + 1 <= Capacity)
                    {
                        return Apply(unit, next, parent);
                    }

                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Places <paramref name="unit"/> on the first of <paramref name="targets"/> with room; else pushes one
    /// visit out of a full target into a free slot elsewhere, choosing the visit that least belongs there (not
    /// of the arriving unit's district or neighbours, no companion of its own left behind) and a free slot
    /// among its own district or neighbours. Returns the unit pushed (or −1 when none had to move), or null
    /// when no single push makes room.
    /// </summary>
    public int? PlaceWithBestPush(int unit, IReadOnlyList<int> targets)
    {
        var allowed = targets.Where(td => Units[unit].Allows(DayOf(td), TeamOf(td))).ToList();
        if (allowed.FirstOrDefault(td => Load[td] + Units[unit].Cost <= Capacity, -1) is var direct and >= 0)
        {
            Place(unit, direct);
            return -1;
        }

        var arriving = Units[unit].Info.District;
        (int Score, int TeamDay, int Pushed, int To)? best = null;
        foreach (var td in allowed)
        {
            for (var o = 0; o < Units.Count; o++)
            {
                if (At[o] != td || Load[td] - Units[o].Cost + Units[unit].Cost > Capacity)
                {
                    continue;
                }

                var district = Units[o].Info.District;
                var companions = _districts[td].Where(d => Neighbours.Together(d.Key, district)).Sum(d => d.Value) - 1;
                for (var to = 0; to < TeamDays; to++)
                {
                    if (to == td || !Units[o].Allows(DayOf(to), TeamOf(to)) || Load[to] + Units[o].Cost > Capacity)
                    {
                        continue;
                    }

                    var lonely = _districts[to].Count > 0 && !_districts[to].Keys.Any(d => Neighbours.Together(d, district));
                    var score = (Neighbours.Together(district, arriving) ? 4 : 0) + (companions > 0 ? 2 : 0) + (lonely ? 1 : 0);
                    if (best is null || score < best.Value.Score)
                    {
                        best = (score, td, o, to);
                    }
                }
            }
        }

        if (best is not { } push)
        {
            return null;
        }

        Place(push.Pushed, push.To);
        Place(unit, push.TeamDay);
        return push.Pushed;
    }

    private List<int> Apply(int unit, int free, Dictionary<int, (int From, int Mover)> parent)
    {
        var moved = new List<int>();
        for (var td = free; ; )
        {
            var (from, mover) = parent[td];
            Place(mover, td);
            if (from < 0)
            {
                return moved;
            }

            moved.Add(mover);
            td = from;
        }
    }
}

internal sealed record PlanTeam(string Id, IReadOnlyList<TeamMember> Members)
{
    public TeamMember Leader => Members.FirstOrDefault(m => m.Leader == true) ?? Members[0];
}

/// <summary>One unit to visit: what it costs in slots and which days and teams it may have.</summary>
internal sealed class PlanUnit
{
    private readonly bool[] _days;
    private readonly bool[] _teams;

    public PlanUnit(UnitInfo info, PlanBoard board)
    {
        Info = info;
        var request = board.Request;
        Cost = VisitSlots.For(info.District, request.Trips, board.Capacity);
        var busy = request.Blackouts?.GetValueOrDefault(info.Id) ?? [];
        _days = [.. board.Days.Select(d => !busy.Contains(d))];
        _teams = [.. board.Teams.Select(t => t.Members.Any(m => !m.ConflictsWith(info.Id)))];
        var preferred = request.Preferred?.GetValueOrDefault(info.Id) ?? [];
        Preferred = board.Days.Select((d, i) => (d, i)).Where(x => preferred.Contains(x.d)).Select(x => x.i).ToHashSet();
        DayOptions = _days.Count(a => a);
    }

    public UnitInfo Info { get; }

    public int Cost { get; }

    public IReadOnlySet<int> Preferred { get; }

    public int DayOptions { get; }

    public bool AnyDay => DayOptions > 0;

    public bool AnyTeam => _teams.Any(a => a);

    public bool Allows(int day, int team) => _days[day] && _teams[team];

    public bool AllowsDay(int day) => _days[day];

    /// <summary>The team's members who may appraise this unit (those without a conflict of interest).</summary>
    public IReadOnlyList<TeamMember> MembersOf(PlanTeam team) => [.. team.Members.Where(m => !m.ConflictsWith(Info.Id))];
}
