using System.Globalization;
using ItEval.Cycle;
using ItEval.Ranking;

namespace ItEval.Publication;

/// <summary>One unit's line in the official ranking.</summary>
public sealed record RankingLine(
    int? Rank, string Code, string Name, decimal Total, string TotalText, string Band, decimal? PreviousTotal, decimal? ScoreChange, string ChangeText,
    int? PreviousRank, IReadOnlyList<decimal> GroupPoints);

/// <summary>A ranking group's table in the official ranking.</summary>
public sealed record RankingTable(string Code, string Name, IReadOnlyList<RankingLine> Lines);

/// <summary>
/// Everything the official ranking documents (xlsx, PDF) say, taken once from the cycle and the stored
/// edition, so both documents say the same thing.
/// </summary>
public sealed record EditionDocument(
    DocumentHeader Header, string CycleId, string CycleName, int Year, int Edition, ScoringMethod Method, DateOnly PublishedOn,
    DateTimeOffset PublishedAt, string? ContentSha256, IReadOnlyList<string> CriteriaGroups, IReadOnlyList<RankingTable> Tables)
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public string TotalHeading => Method == ScoringMethod.WeightedIndex ? "Chỉ số" : "Tổng điểm";

    /// <summary>"Kết quả đánh giá, xếp hạng … năm 2026": the subject line after the title.</summary>
    public string Subject => "Kết quả " + (CycleName.Length > 0 ? char.ToLower(CycleName[0], Vietnamese) + CycleName[1..] : CycleName);

    /// <inheritdoc cref="DocumentHeader.PlaceAndDate"/>
    public string PlaceAndDate => Header.PlaceAndDate(PublishedOn);

    /// <inheritdoc cref="DocumentHeader.Number"/>
    public string Number => Header.Number;

    /// <summary>The documents of a published edition, with the header it was published under.</summary>
    public static EditionDocument Of(CycleState state, RankedEdition edition)
    {
        var cycle = state.Definition!;
        var published = state.Editions[edition.Number - 1];
        var header = published.Header ?? state.Header;
        var tables = edition.Groups.Select(g => new RankingTable(g.Key, cycle.GroupName(g.Key), [.. g.Select(row =>
        {
            var unit = state.Units[row.UnitId].Info;
            return new RankingLine(
                row.Rank, unit.Code, unit.Name, row.Total, ScoreDisplay.Format(row.Total, row.Method),
                state.Bands.Find(row.BandCode)?.NameVi ?? (row.Status == UnitStatus.NotSubmitted ? "Không nộp" : "–"),
                row.PreviousTotal, row.ScoreChange,
                row.ScoreChange is { } change ? (change > 0 ? "+" : "") + ScoreDisplay.Format(change, row.Method) : "",
                row.PreviousRank, [.. row.Groups.Select(p => p.Points)]);
        })])).ToList();
        return new EditionDocument(header, state.Id, cycle.Name, cycle.Year, edition.Number, cycle.Method, state.Calendar.Today(published.PublishedAt),
            published.PublishedAt, published.Sha256, [.. state.Rubric.Groups.Select(g => g.Name.Vi)], tables);
    }
}
