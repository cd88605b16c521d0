using System.Text.Json;
using System.Text.Json.Serialization;

namespace ItEval.Cycle;

/// <summary>JSON for stored events, snapshots and work items: camelCase, enums by name.</summary>
public static class CycleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
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

    public static CycleEvent Deserialize(string name, int version, string json)
    {
        if (!ByName.TryGetValue(name, out var current))
        {
            throw new InvalidDataException($"Unknown stored event type {name} v{version}: this build is older than the history it reads.");
        }

        if (version != current.Version)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            for (var v = version; v < current.Version; v++)
            {
                node = Upcasters.TryGetValue((name, v), out var upcast) ? upcast(node)
                    : throw new InvalidDataException($"No upcaster for stored event {name} v{v}.");
            }

            json = node.ToJsonString();
        }

        return (CycleEvent)JsonSerializer.Deserialize(json, current.Type, CycleJson.Options)!;
    }
}
