using System.Text.Json;
using ItEval.Cycle;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Cycle;

/// <summary>The stored-event fixtures (histories earlier builds wrote; never edited), read as this build reads them.</summary>
public static class StoredHistories
{
    public const string WholeCycleV1 = "history-v1.json", UnitPageV1 = "unit-page-events-v1.json";

    public static string PathOf(string fixture) => Path.Combine(RepositoryRoot.Find(), "tests", "ItEval.Tests", "Cycle", "Fixtures", fixture);

    public static List<CycleEvent> Read(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(fixture)));
        return [.. document.RootElement.EnumerateArray().Select(e => CycleEventTypes.Deserialize(
            e.GetProperty("type").GetString()!, e.GetProperty("version").GetInt32(), e.GetProperty("data").GetRawText()))];
    }
}
