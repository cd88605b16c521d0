using System.Globalization;

namespace ItEval.Ranking;

/// <summary>
/// Rounding for display only (ranking and bands use full precision): points to 2 decimals, the index to
/// 4, half away from zero as Vietnamese reports round (85,125 → 85,13). Vietnamese culture by default.
/// </summary>
public static class ScoreDisplay
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static int Decimals(ScoringMethod method) => method == ScoringMethod.WeightedIndex ? 4 : 2;

    public static decimal Round(decimal value, ScoringMethod method) =>
        decimal.Round(value, Decimals(method), MidpointRounding.AwayFromZero);

    public static string Format(decimal value, ScoringMethod method, CultureInfo? culture = null) =>
        Round(value, method).ToString("N" + Decimals(method), culture ?? Vietnamese);
}
