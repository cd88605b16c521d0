using Microsoft.DurableTask.Client;

namespace ItEval.Cycle.Process;

/// <summary>
/// A cycle's orchestration as its managers see it: Durable's runtime status in words, the custom status
/// (phase, counts, what it waits for), its times, and a failure in words; and what may be done to it now.
/// </summary>
public sealed record CycleProcessView(
    string InstanceId, string RuntimeStatus, string StatusVi, string StatusEn, DateTimeOffset? CreatedAt, DateTimeOffset? LastUpdatedAt,
    ProcessStatus? Custom, string? FailureVi, string? FailureEn, bool CanRestart, bool CanRewind, bool CanPurge)
{
    public static CycleProcessView Of(string cycleId, CyclePhase phase, OrchestrationMetadata? metadata)
    {
        var status = metadata?.RuntimeStatus;
        var (vi, en) = status switch
        {
            null => phase == CyclePhase.Draft ? ("Chưa bắt đầu (kỳ còn là bản nháp).", "Not started (the cycle is a draft).")
                : ("Không có tiến trình: hãy khởi động lại.", "No orchestration: restart it."),
            OrchestrationRuntimeStatus.Pending => ("Đang chờ bắt đầu.", "Waiting to start."),
            OrchestrationRuntimeStatus.Running => ("Đang chạy.", "Running."),
            OrchestrationRuntimeStatus.Suspended => ("Tạm dừng.", "Suspended."),
            OrchestrationRuntimeStatus.Completed => ("Đã xong.", "Completed."),
            OrchestrationRuntimeStatus.Terminated => ("Đã dừng hẳn.", "Terminated."),
            OrchestrationRuntimeStatus.Failed => ("Bị lỗi và đã dừng: hãy khởi động lại sau khi khắc phục nguyên nhân.", "Failed and stopped: restart it once the cause is fixed."),
            _ => (status.ToString()!, status.ToString()!),
        };
        var active = phase is not (CyclePhase.Draft or CyclePhase.Closed or CyclePhase.Terminated);
        var ended = status is null or OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Failed;
        var failure = metadata?.FailureDetails;
        return new CycleProcessView(
            CycleOrchestration.InstanceId(cycleId), status?.ToString() ?? "None", vi, en, metadata?.CreatedAt, metadata?.LastUpdatedAt,
            metadata?.ReadCustomStatusAs<ProcessStatus>(),
            failure is null ? null : $"Lỗi {failure.ErrorType}: {failure.ErrorMessage}",
            failure is null ? null : $"{failure.ErrorType}: {failure.ErrorMessage}",
            CanRestart: active,
            CanRewind: active && status == OrchestrationRuntimeStatus.Failed,
            CanPurge: !active && metadata is not null && ended);
    }
}

/// <summary>One event of an orchestration's history, as the management API lists it.</summary>
public sealed record ProcessHistoryEntry(int Sequence, string Type, DateTime Timestamp, string? Name, string? Detail)
{
    public static ProcessHistoryEntry Of(int sequence, DurableTask.Core.History.HistoryEvent e) => e switch
    {
        DurableTask.Core.History.ExecutionStartedEvent started => new(sequence, "ExecutionStarted", e.Timestamp, started.Name, started.Input),
        DurableTask.Core.History.TaskScheduledEvent scheduled => new(sequence, "TaskScheduled", e.Timestamp, scheduled.Name, scheduled.Input),
        DurableTask.Core.History.TaskCompletedEvent completed => new(sequence, "TaskCompleted", e.Timestamp, null, completed.Result),
        DurableTask.Core.History.TaskFailedEvent failed => new(sequence, "TaskFailed", e.Timestamp, null, failed.Reason),
        DurableTask.Core.History.TimerCreatedEvent timer => new(sequence, "TimerCreated", e.Timestamp, null, timer.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        DurableTask.Core.History.EventRaisedEvent raised => new(sequence, "EventRaised", e.Timestamp, raised.Name, raised.Input),
        DurableTask.Core.History.ExecutionCompletedEvent done => new(sequence, "ExecutionCompleted", e.Timestamp, done.OrchestrationStatus.ToString(), done.Result),
        _ => new(sequence, e.EventType.ToString(), e.Timestamp, null, null),
    };
}
