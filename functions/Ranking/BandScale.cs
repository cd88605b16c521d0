namespace ItEval.Ranking;

/// <summary>Xếp loại: a band and the lowest total that reaches it, in the method's unit (points or index).</summary>
public sealed record Band(string Code, string NameVi, string NameEn, decimal Minimum);

/// <summary>Bands from best to worst; a total gets the first band whose minimum it reaches.</summary>
public sealed record BandScale
{
    public BandScale(IEnumerable<Band> bands)
    {
        Bands = [.. bands.OrderByDescending(b => b.Minimum)];
        if (Bands.Count == 0)
        {
            throw new ArgumentException("A band scale needs at least one band.", nameof(bands));
        }
    }

    public IReadOnlyList<Band> Bands { get; }

    /// <summary>
    /// Tốt ≥ 85 %, Khá 70 to &lt; 85 %, Trung bình 50 to &lt; 70 %, Yếu &lt; 50 % of the scale: on 100 points
    /// 85/70/50, on the index 0.85/0.70/0.50.
    /// </summary>
    public static BandScale Default(ScoringMethod method, decimal rubricMaxPoints)
    {
        var scale = method == ScoringMethod.WeightedIndex ? 1m : rubricMaxPoints;
        return new BandScale(
        [
            new Band("good", "Tốt", "Good", 0.85m * scale),
            new Band("fair", "Khá", "Fair", 0.70m * scale),
            new Band("average", "Trung bình", "Average", 0.50m * scale),
            new Band("weak", "Yếu", "Weak", decimal.MinValue),
        ]);
    }

    /// <summary>The band of a stored band code; null for units listed without a rank.</summary>
    public Band? Find(string? code) => Bands.FirstOrDefault(b => b.Code == code);

    /// <summary>Compared at full precision: 84.999 is not 85.</summary>
    public Band Classify(decimal total)
    {
        foreach (var band in Bands)
        {
            if (total >= band.Minimum)
            {
                return band;
            }
        }

        return Bands[^1];
    }
}
