using System.Text.Json;

namespace ItEval.Cycle;

/// <summary>JSON for stored events, snapshots and work items: the engine's (camelCase, enums by name).</summary>
public static class CycleJson
{
    public static JsonSerializerOptions Options => ItEval.Engine.EngineJson.Options;
}

/// <summary>The cycle's events in the engine's event log.</summary>
public sealed class CycleEventCodec : ItEval.Engine.IEventCodec<CycleEvent>
{
    public (string Type, int Version, string Json) Encode(CycleEvent e) => CycleEventTypes.Serialize(e);

    public CycleEvent Decode(string type, int version, string json) => CycleEventTypes.Deserialize(type, version, json);

    public (DateTimeOffset At, string? By) Stamp(CycleEvent e) => (e.At, e.By);
}

/// <summary>
/// Stored event names and versions. A name is never reused for another shape: a changed event gets
/// version + 1 and an upcaster from the old version, and the fixtures in the tests keep proving
/// that old histories still fold. An optional field added at the end (null when absent, not written
/// when null) is not a change of shape: old rows read as before and write back byte for byte.
/// </summary>
public static class CycleEventTypes
{
    private static readonly (string Name, int Version, Type Type)[] Known =
    [
        ("CycleCreated", 1, typeof(CycleCreated)),
        ("CycleStarted", 1, typeof(CycleStarted)),
        ("UnitsAnnounced", 1, typeof(UnitsAnnounced)),
        ("CollectingOpened", 1, typeof(CollectingOpened)),
        ("SubmissionRecorded", 1, typeof(SubmissionRecorded)),
        ("DeadlineExtended", 1, typeof(DeadlineExtended)),
        ("UnitReopened", 1, typeof(UnitReopened)),
        ("RemindersDue", 1, typeof(RemindersDue)),
        ("CollectingClosed", 1, typeof(CollectingClosed)),
        ("VisitsPlanned", 1, typeof(VisitsPlanned)),
        ("SchedulingFailed", 1, typeof(SchedulingFailed)),
        ("AppraisalWindowChanged", 1, typeof(AppraisalWindowChanged)),
        ("VisitRemindersDue", 1, typeof(VisitRemindersDue)),
        ("AppraisalRecorded", 1, typeof(AppraisalRecorded)),
        ("AppraisalClosed", 1, typeof(AppraisalClosed)),
        ("RankingComputed", 1, typeof(RankingComputed)),
        ("ResultsPublished", 1, typeof(ResultsPublished)),
        ("ReappraisalRecorded", 1, typeof(ReappraisalRecorded)),
        ("CycleClosed", 1, typeof(CycleClosed)),
        ("CycleSuspended", 1, typeof(CycleSuspended)),
        ("CycleResumed", 1, typeof(CycleResumed)),
        ("CycleTerminated", 1, typeof(CycleTerminated)),
        ("WorkItemFailed", 1, typeof(WorkItemFailed)),
        ("EmailBounced", 1, typeof(EmailBounced)),
        ("ProgressSummaryDue", 1, typeof(ProgressSummaryDue)),
        ("UnitLinkReissued", 1, typeof(UnitLinkReissued)),
        ("BlackoutDatesDeclared", 1, typeof(BlackoutDatesDeclared)),
        ("FailedWorkRetried", 1, typeof(FailedWorkRetried)),
        ("UnitLinkOpened", 1, typeof(UnitLinkOpened)),
        ("ExportsStored", 1, typeof(ExportsStored)),
        ("ComplaintFiled", 1, typeof(ComplaintFiled)),
        ("ComplaintDecided", 1, typeof(ComplaintDecided)),
        ("ComplaintWindowClosed", 1, typeof(ComplaintWindowClosed)),
        ("VisitsChanged", 1, typeof(VisitsChanged)),
        ("DocumentHeaderSet", 1, typeof(DocumentHeaderSet)),
        ("DocumentsCorrected", 1, typeof(DocumentsCorrected)),
        ("VisitPlanningSet", 1, typeof(VisitPlanningSet)),
    ];

    private static readonly Dictionary<Type, (string Name, int Version)> ByType = Known.ToDictionary(k => k.Type, k => (k.Name, k.Version));
    private static readonly Dictionary<string, (int Version, Type Type)> ByName = Known.ToDictionary(k => k.Name, k => (k.Version, k.Type));

    /// <summary>Upgrades of older stored versions to the current one, by (name, stored version).</summary>
    private static readonly Dictionary<(string, int), Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>> Upcasters = [];

    public static (string Name, int Version, string Json) Serialize(CycleEvent e)
    {
        var (name, version) = ByType[e.GetType()];
        return (name, version, JsonSerializer.Serialize(e, e.GetType(), CycleJson.Options));
    }

    public static CycleEvent Deserialize(string name, int version, string json) =>
        (CycleEvent)Deserialize(name, version, json, ByName, Upcasters);

    /// <summary>
    /// An event of <paramref name="known"/> types, upgraded from an older stored version by the
    /// <paramref name="upcasters"/> (one step per version). A type this build does not know, or a version
    /// newer than it knows, is refused loudly: read as the old shape it would silently lose what the newer
    /// build wrote.
    /// </summary>
    public static object Deserialize(string name, int version, string json,
        IReadOnlyDictionary<string, (int Version, Type Type)> known,
        IReadOnlyDictionary<(string, int), Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>> upcasters)
    {
        if (!known.TryGetValue(name, out var current) || version > current.Version)
        {
            throw new StoredEventTooNewException(name, version, known.TryGetValue(name, out var same) ? same.Version : null);
        }

        if (version != current.Version)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            for (var v = version; v < current.Version; v++)
            {
                node = upcasters.TryGetValue((name, v), out var upcast) ? upcast(node)
                    : throw new InvalidDataException($"No upcaster for stored event {name} v{v}.");
            }

            json = node.ToJsonString();
        }

        return JsonSerializer.Deserialize(json, current.Type, CycleJson.Options)!;
    }
}

/// <summary>
/// The cycle's history holds an event a newer build of ItEval wrote. The cycle is not read (nor changed)
/// by this build; the admin is told to run the newer version on every instance.
/// </summary>
public sealed class StoredEventTooNewException(string name, int version, int? known)
    : Exception($"Stored event {name} v{version} is newer than this build knows ({(known is { } k ? $"v{k}" : "no such event")}).")
{
    public static string Vi => "Kỳ đánh giá này đã được một phiên bản ItEval mới hơn ghi lại; phiên bản đang chạy không đọc được. Hãy cập nhật mọi máy chủ lên phiên bản mới nhất.";

    public static string En => "This cycle was written by a newer version of ItEval, which this instance cannot read. Update every instance to the latest version.";
}
