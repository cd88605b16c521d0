using System.Globalization;
using ItEval.Cycle;
using ItEval.Ranking;
using PdfSharp.Drawing;

namespace ItEval.Publication;

/// <summary>
/// Phiếu kết quả: the explanation a unit asks for, as an A4 PDF: every criterion's self-score and
/// appraised score with the reason for a change, the criteria groups' subtotals, the unit's total,
/// rank and band, its ranking group's median and last year's change, and which edition it belongs to.
/// </summary>
public static class ResultSheet
{
    public static string FileName(string unitId) => $"units/{unitId}.pdf";

    /// <param name="state">The cycle as it was when the edition was ranked (criteria scores of that edition).</param>
    public static byte[] Write(CycleState state, RankedEdition edition, string unitId, DocumentHeader header, DateTimeOffset publishedAt)
    {
        var unit = state.Units[unitId];
        var row = edition.ByUnit[unitId];
        var cycle = state.Definition!;
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        string N(decimal value) => value.ToString("0.##", vi);
        var group = edition.Rows.Where(r => r.RankingGroup == row.RankingGroup).ToList();
        var ranked = group.Where(r => r.Rank is not null).Select(r => r.Total).Order().ToList();
        var median = ranked.Count == 0 ? (decimal?)null : ranked.Count % 2 == 1 ? ranked[ranked.Count / 2] : (ranked[ranked.Count / 2 - 1] + ranked[ranked.Count / 2]) / 2;
        var self = state.SelfScore(unit);

        using var pdf = new OfficialPdf($"Phiếu kết quả – {unit.Info.Name}", publishedAt);
        var today = state.Calendar.Today(publishedAt);
        pdf.HeaderBlock(header, null, header.PlaceAndDate(today));
        pdf.Paragraph("PHIẾU KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG", PdfFonts.Font(14, XFontStyleEx.Bold), XStringAlignment.Center, after: 0);
        pdf.Paragraph($"{unit.Info.Name} ({unit.Info.Code})", PdfFonts.Font(14, XFontStyleEx.Bold), XStringAlignment.Center, after: 0);
        pdf.Paragraph($"{cycle.Name} – kết quả công bố lần {edition.Number}", PdfFonts.Font(13, XFontStyleEx.Italic), XStringAlignment.Center, after: 12);

        var rows = new List<(IReadOnlyList<string>, bool)>();
        foreach (var (criteriaGroup, index) in state.Rubric.Groups.Select((g, i) => (g, i)))
        {
            rows.Add(([criteriaGroup.Code, criteriaGroup.Name.Vi, N(criteriaGroup.MaxPoints), N(self.Groups[index].Points), N(row.Groups[index].Points), ""], true));
            foreach (var leaf in criteriaGroup.Criteria.SelectMany(c => c.Leaves))
            {
                var selfScore = unit.SelfScores.TryGetValue(leaf.Code, out var s) ? N(s) : "–";
                var appraised = unit.Appraisals.GetValueOrDefault(leaf.Code);
                rows.Add(([leaf.Code, leaf.Name.Vi, N(leaf.MaxPoints), selfScore, appraised is null ? "–" : N(appraised.Points), appraised?.Reason ?? ""], false));
            }
        }

        var width = OfficialPdf.ContentWidth;
        PdfColumn[] columns =
        [
            new("Mã", 36), new("Tiêu chí", width - 36 - 44 - 44 - 52 - 120), new("Tối đa", 44, XStringAlignment.Far), new("Tự chấm", 44, XStringAlignment.Far),
            new("Thẩm định", 52, XStringAlignment.Far), new("Lý do điều chỉnh", 120),
        ];
        pdf.Table(columns, rows, PdfFonts.Font(10.5), PdfFonts.Font(10.5, XFontStyleEx.Bold));

        var body = PdfFonts.Font(13);
        var totalName = row.Method == ScoringMethod.WeightedIndex ? "Chỉ số" : "Tổng điểm";
        pdf.Paragraph($"{totalName}: {ScoreDisplay.Format(row.Total, row.Method)}" + (row.Method == ScoringMethod.Points ? $" / {N(state.Rubric.MaxPoints)}" : ""), PdfFonts.Font(13, XFontStyleEx.Bold), after: 2);
        pdf.Paragraph(row.Rank is { } rank ? $"Thứ hạng: {rank} / {group.Count} đơn vị trong {cycle.GroupName(row.RankingGroup)}." : $"Không xếp hạng ({cycle.GroupName(row.RankingGroup)}).", body, after: 2);
        pdf.Paragraph($"Xếp loại: {state.Bands.Find(row.BandCode)?.NameVi ?? "–"}.", body, after: 2);
        if (median is { } m)
        {
            pdf.Paragraph($"Trung vị {totalName.ToLower(vi)} của khối: {ScoreDisplay.Format(m, row.Method)}.", body, after: 2);
        }

        if (row.ScoreChange is { } change)
        {
            pdf.Paragraph($"So với năm {cycle.Year - 1}: {(change > 0 ? "+" : "")}{ScoreDisplay.Format(change, row.Method)}" + (row.RankChange is { } moved && moved != 0 ? $", thứ hạng {(moved > 0 ? "tăng" : "giảm")} {Math.Abs(moved)} bậc." : "."), body, after: 2);
        }

        if (!unit.Submitted)
        {
            pdf.Paragraph("Đơn vị không nộp phiếu tự đánh giá.", body, after: 2);
        }

        pdf.Paragraph($"Phiếu này đi kèm thông báo kết quả lần {edition.Number}; mã kiểm tra nội dung bảng xếp hạng (SHA-256): {state.Editions[edition.Number - 1].Sha256}",
            PdfFonts.Font(10, XFontStyleEx.Italic), after: 6);
        return pdf.ToBytes();
    }
}
