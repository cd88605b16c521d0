namespace ItEval.Rubrics;

/// <summary>A text in both languages of the product: Vietnamese for users, English alongside.</summary>
public sealed record Bilingual(string Vi, string En);

/// <summary>
/// Bộ tiêu chí: versioned, immutable data. Groups hold criteria, criteria may hold sub-criteria;
/// only leaves are scored, a parent's points are the sum of its children's.
/// </summary>
public sealed record Rubric(
    string Id,
    int Version,
    Bilingual Name,
    int ScoreDecimals,
    IReadOnlyList<CriteriaGroup> Groups)
{
    public decimal MaxPoints => Groups.Sum(g => g.MaxPoints);

    /// <summary>Every scored line (tiêu chí / tiêu chí thành phần without children), in rubric order.</summary>
    public IEnumerable<Criterion> Leaves => Groups.SelectMany(g => g.Criteria).SelectMany(c => c.Leaves);

    public Criterion? FindCriterion(string code) =>
        Groups.SelectMany(g => g.Criteria).SelectMany(c => c.SelfAndDescendants).FirstOrDefault(c => c.Code == code);
}

/// <summary>Nhóm tiêu chí. <see cref="Weight"/> is used by the weighted-index scoring method.</summary>
public sealed record CriteriaGroup(
    string Code,
    Bilingual Name,
    decimal MaxPoints,
    decimal Weight,
    IReadOnlyList<Criterion> Criteria);

/// <summary>Tiêu chí (or tiêu chí thành phần when nested).</summary>
public sealed record Criterion(
    string Code,
    Bilingual Name,
    decimal MaxPoints,
    Bilingual? Guidance,
    bool EvidenceRequired,
    Answer? Answer,
    IReadOnlyList<Criterion> SubCriteria)
{
    public bool IsLeaf => SubCriteria.Count == 0;

    public IEnumerable<Criterion> Leaves => IsLeaf ? [this] : SubCriteria.SelectMany(s => s.Leaves);

    public IEnumerable<Criterion> SelfAndDescendants => SubCriteria.SelectMany(s => s.SelfAndDescendants).Prepend(this);
}
