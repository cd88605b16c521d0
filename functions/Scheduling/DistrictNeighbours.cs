namespace ItEval.Scheduling;

/// <summary>
/// Which districts (địa bàn) a team may visit on one day: the same district, or districts an admin put in
/// one neighbour group (La Gi, Hàm Tân, Đức Linh). A district in no group is near itself only. Without
/// any group every district is near every other (the planner then only keeps a district together).
/// Names compare trimmed and case-insensitively, as people type them.
/// </summary>
public sealed class DistrictNeighbours
{
    private readonly Dictionary<string, HashSet<int>> _groupsOf = new(StringComparer.OrdinalIgnoreCase);

    public DistrictNeighbours(IReadOnlyList<IReadOnlyList<string>>? groups)
    {
        for (var g = 0; g < (groups?.Count ?? 0); g++)
        {
            foreach (var name in groups![g])
            {
                var key = name.Trim();
                if (!_groupsOf.TryGetValue(key, out var set))
                {
                    _groupsOf[key] = set = [];
                }

                set.Add(g);
            }
        }
    }

    /// <summary>Whether neighbour groups were given at all.</summary>
    public bool Given => _groupsOf.Count > 0;

    /// <summary>Whether one team may visit both on a day: always without groups, else <see cref="Together"/>.</summary>
    public bool Near(string a, string b) => !Given || Together(a, b);

    /// <summary>The same district or one neighbour group (without groups: the same district only).</summary>
    public bool Together(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase)
        || (_groupsOf.TryGetValue(a.Trim(), out var x) && _groupsOf.TryGetValue(b.Trim(), out var y) && x.Overlaps(y));

    /// <summary>Whether <paramref name="district"/> is near every district in <paramref name="onDay"/>.</summary>
    public bool NearAll(string district, IEnumerable<string> onDay) => onDay.All(d => Near(district, d));
}
