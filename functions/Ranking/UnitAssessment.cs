namespace ItEval.Ranking;

/// <summary>
/// Điểm thẩm định: the appraisal team's score for one criterion, with who set it, when and why.
/// The reason is required when it differs from the self-score (see <see cref="AppraisalRules"/>).
/// </summary>
public sealed record AppraisedScore(string CriterionCode, decimal Points, string? Reason, string Appraiser, DateTimeOffset At);

/// <summary>
/// What is known about one unit when ranking: its ranking group, whether it submitted, its self-scores
/// (điểm tự chấm) and appraised scores, per leaf criterion code.
/// </summary>
public sealed record UnitAssessment(
    string UnitId,
    string RankingGroup,
    bool Submitted,
    IReadOnlyDictionary<string, decimal> SelfScores,
    IReadOnlyDictionary<string, AppraisedScore> Appraisals)
{
    public static UnitAssessment NotSubmitted(string unitId, string rankingGroup) =>
        new(unitId, rankingGroup, false, new Dictionary<string, decimal>(), new Dictionary<string, AppraisedScore>());
}
