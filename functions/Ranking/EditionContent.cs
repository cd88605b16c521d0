using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ItEval.Ranking;

/// <summary>What a ranking edition is about: the cycle, the edition number, names of units and groups.</summary>
public sealed record EditionHeader(
    string CycleId, string CycleName, int Year, int Edition, ScoringMethod Method, string RubricId, int RubricVersion,
    IReadOnlyDictionary<string, (string Code, string Name)> Units, Func<string, string> GroupName, BandScale Bands);

/// <summary>
/// The content of a ranking edition as one canonical JSON document: the same rows always give the same
/// bytes (fixed property order, exact decimals as ranked, no time of writing). Its SHA-256 is recorded
/// in the cycle's history when the edition is published, and the file itself is published beside the
/// official documents, so anyone can recompute the hash of what was announced.
/// </summary>
public static class EditionContent
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string FileName = "ranking.json";

    public static byte[] Write(EditionHeader header, IReadOnlyList<RankingRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("cycleId", header.CycleId);
            json.WriteString("cycleName", header.CycleName);
            json.WriteNumber("year", header.Year);
            json.WriteNumber("edition", header.Edition);
            json.WriteString("method", header.Method.ToString());
            json.WriteString("rubric", $"{header.RubricId} v{header.RubricVersion}");
            json.WriteStartArray("rankingGroups");
            foreach (var group in rows.GroupBy(r => r.RankingGroup))
            {
                json.WriteStartObject();
                json.WriteString("code", group.Key);
                json.WriteString("name", header.GroupName(group.Key));
                json.WriteStartArray("units");
                foreach (var row in group)
                {
                    WriteRow(json, header, row);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void WriteRow(Utf8JsonWriter json, EditionHeader header, RankingRow row)
    {
        var (code, name) = header.Units.TryGetValue(row.UnitId, out var unit) ? unit : (row.UnitId, row.UnitId);
        json.WriteStartObject();
        Nullable(json, "rank", row.Rank);
        json.WriteString("unitId", row.UnitId);
        json.WriteString("code", code);
        json.WriteString("name", name);
        json.WriteString("status", row.Status.ToString());
        json.WriteString("total", Exact(row.Total));
        json.WriteString("totalDisplay", ScoreDisplay.Format(row.Total, row.Method, CultureInfo.InvariantCulture));
        if (row.BandCode is { } band)
        {
            json.WriteString("band", band);
            json.WriteString("bandName", header.Bands.Find(band)?.NameVi ?? band);
        }
        else
        {
            json.WriteNull("band");
            json.WriteNull("bandName");
        }

        json.WriteStartObject("criteriaGroups");
        foreach (var group in row.Groups)
        {
            json.WriteString(group.Code, Exact(group.Points));
        }

        json.WriteEndObject();
        json.WriteNumber("notAppraised", row.NotAppraisedCount);
        if (row.PreviousTotal is { } previous)
        {
            json.WriteString("previousTotal", Exact(previous));
            json.WriteString("scoreChange", Exact(row.ScoreChange!.Value));
        }
        else
        {
            json.WriteNull("previousTotal");
            json.WriteNull("scoreChange");
        }

        Nullable(json, "previousRank", row.PreviousRank);
        Nullable(json, "rankChange", row.RankChange);
        json.WriteEndObject();
    }

    private static string Exact(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Nullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Units whose published result differs between two editions (total, rank, band or a criteria group's points).</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyList<RankingRow> before, IReadOnlyList<RankingRow> after)
    {
        var old = before.ToDictionary(r => r.UnitId, StringComparer.Ordinal);
        return [.. after.Where(r => !old.TryGetValue(r.UnitId, out var was) || Differs(was, r)).Select(r => r.UnitId).Order(StringComparer.Ordinal)];
    }

    private static bool Differs(RankingRow a, RankingRow b) =>
        a.Total != b.Total || a.Rank != b.Rank || a.BandCode != b.BandCode || a.Status != b.Status
        || !a.Groups.Select(g => g.Points).SequenceEqual(b.Groups.Select(g => g.Points));
}
