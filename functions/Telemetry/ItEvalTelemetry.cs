using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ItEval.Telemetry;

/// <summary>
/// The app's own traces and metrics, in OpenTelemetry's terms. They cost nothing until something listens:
/// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, or a test.
/// </summary>
public sealed class ItEvalTelemetry
{
    /// <summary>Name of the activity source and of the meter.</summary>
    public const string Name = "ItEval";

    /// <summary>Spans for work items, children of the request or event that caused them.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _workProcessed;
    private readonly Counter<long> _workRetries;
    private readonly Counter<long> _workPoisoned;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsRefused;
    private readonly Counter<long> _uploadsRefused;

    public ItEvalTelemetry(IMeterFactory meters)
    {
        // One meter per app (the factory scopes it to this container), so two apps in one process count apart.
        var meter = meters.Create(Name);
        _workProcessed = meter.CreateCounter<long>("iteval.work.processed", "{item}", "Work items that finished (done, or deferred to run later).");
        _workRetries = meter.CreateCounter<long>("iteval.work.retries", "{item}", "Work item deliveries that failed and will be retried.");
        _workPoisoned = meter.CreateCounter<long>("iteval.work.poisoned", "{item}", "Work items that failed their last attempt and were recorded as failed work on their cycle.");
        _emailsSent = meter.CreateCounter<long>("iteval.emails.sent", "{email}", "Emails the provider accepted.");
        _emailsRefused = meter.CreateCounter<long>("iteval.emails.refused", "{email}", "Emails the provider refused for good.");
        _uploadsRefused = meter.CreateCounter<long>("iteval.uploads.refused", "{file}", "Forms and evidence files a unit sent that were refused.");
    }

    public void WorkProcessed(string kind, string outcome) => _workProcessed.Add(1, new("kind", kind), new("outcome", outcome));

    public void WorkRetried(string kind) => _workRetries.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void WorkPoisoned(string kind) => _workPoisoned.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void EmailsDelivered(int sent, int refused)
    {
        if (sent > 0)
        {
            _emailsSent.Add(sent);
        }

        if (refused > 0)
        {
            _emailsRefused.Add(refused);
        }
    }

    /// <summary>A refused upload, by what it was (form, evidence) and the HTTP status the unit got.</summary>
    public void UploadRefused(string what, int status) => _uploadsRefused.Add(1, new("what", what), new("status", status));

    /// <summary>
    /// A span for one work item, continuing the trace of whatever queued it (<paramref name="traceParent"/>
    /// is the W3C traceparent the orchestration's input carries), or a new trace when it carries none.
    /// </summary>
    public static Activity? StartWork(string kind, string cycleId, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity($"work {kind}", ActivityKind.Consumer, parent);
        activity?.SetTag("iteval.cycle", cycleId);
        activity?.SetTag("iteval.work.kind", kind);
        return activity;
    }
}
