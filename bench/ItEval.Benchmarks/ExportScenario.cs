using System.Diagnostics;
using System.Globalization;
using ItEval.Publication;
using ItEval.Ranking;

namespace ItEval.Benchmarks;

/// <summary>
/// The official ranking of a national-scale cycle as the export work item makes it: N units in two
/// ranking groups with Vietnamese names of realistic length, written as .xlsx and as A4 PDF, three times
/// each (the first run includes loading the font); times, sizes and pages are printed.
/// </summary>
public static class ExportScenario
{
    private static readonly string[] Kinds = ["Ủy ban nhân dân xã", "Đảng ủy xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã"];
    private static readonly string[] Places = ["Phước Lộc", "Đạ Huoai", "Lộc Thắng", "Quảng Trị", "Đức Trọng", "Ninh Gia", "Tà Năng", "Hiệp Thạnh"];

    public static void Run(int units)
    {
        var document = Document(units);
        Console.WriteLine($"Official ranking of {units:N0} units ({document.Tables.Count} ranking groups), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Measure("xlsx (OpenXml, streamed rows)", () => RankingWorkbook.Write(document), bytes => $"{bytes.Length / 1024.0 / 1024.0:0.0} MB");
        Measure("pdf (PDFsharp 6.2.4, Liberation Serif)", () => RankingPdf.Write(document), bytes => $"{bytes.Length / 1024.0 / 1024.0:0.0} MB");
    }

    private static void Measure(string what, Func<byte[]> write, Func<byte[], string> describe)
    {
        var times = new List<double>();
        byte[] bytes = [];
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            bytes = write();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"{what}: runs {string.Join(" / ", times.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} s, {describe(bytes)}");
    }

    private static EditionDocument Document(int units)
    {
        var random = new Random(2026);
        var lines = Enumerable.Range(1, units).Select(i =>
        {
            var total = Math.Round(40m + (decimal)random.NextDouble() * 60m, 2);
            var change = Math.Round((decimal)random.NextDouble() * 10m - 5m, 2);
            return (Group: i % 4 == 0 ? "xa-mien-nui" : "xa", Line: new RankingLine(null, $"X{i:D5}", $"{Kinds[i % Kinds.Length]} {Places[i % Places.Length]} {i}", total,
                ScoreDisplay.Format(total, ScoringMethod.Points), total >= 85 ? "Tốt" : total >= 70 ? "Khá" : total >= 50 ? "Trung bình" : "Yếu", total - change, change,
                (change > 0 ? "+" : "") + ScoreDisplay.Format(change, ScoringMethod.Points), null, [total / 4, total / 4, total / 4, total / 4]));
        }).ToList();
        var tables = lines.GroupBy(l => l.Group).Select(g => new RankingTable(g.Key, g.Key == "xa" ? "Khối xã, phường" : "Khối xã miền núi",
            [.. g.Select(x => x.Line).OrderByDescending(l => l.Total).Select((l, rank) => l with { Rank = rank + 1 })])).ToList();
        return new EditionDocument(ItEval.Cycle.DocumentHeader.State with { ParentAgency = "Ủy ban nhân dân tỉnh Lâm Đồng", Place = "Lâm Đồng", SignerName = "Nguyễn Văn Bình" }, "bench", "Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026",
            2026, 1, ScoringMethod.Points, new DateOnly(2027, 2, 5), new DateTimeOffset(2027, 2, 5, 3, 0, 0, TimeSpan.Zero),
            new string('a', 64), ["Hạ tầng", "Ứng dụng", "Nhân lực", "An toàn"], tables);
    }
}
