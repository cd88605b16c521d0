using ItEval.Durable;
using Microsoft.DurableTask;

namespace ItEval.Cycle.Process;

/// <summary>
/// The cycle's process as a Durable orchestration, one instance per cycle (<c>cycle:{id}</c>), started when
/// the cycle starts. The rules stay in the record (the pure decider and its event log); the
/// orchestration does what Durable is for: it runs the work the recorded events require as fan-outs of
/// activities over batches of units and fans their counts in (the announcement, reminders, the visit
/// plan and its emails, the ranking, result emails, the official documents, re-appraisal editions), it
/// waits on durable timers for what the calendar decides (reminders, the deadline — which an admin's
/// extension or reopening moves —, visit reminders, the complaint window), and it waits for people: an
/// admin's action, a unit's late upload, the close of appraisal arrive as the external event
/// <see cref="WakeEvent"/>, raced against the timer with <c>WhenAny</c>.
/// <para>
/// Every pass is one short generation: look (one activity reads what is due), then either run the work,
/// fire the timers, or wait — then <c>ContinueAsNew</c> with the cursor moved on. History stays
/// bounded by one pass (a 100,000-unit announcement is 200 activities of 500 units), no unit's data
/// passes through inputs or outputs (activities find their units again from the event), and a new build
/// takes over at the next generation. The generation's sequence of calls is its <see cref="CurrentShape"/>:
/// a build that changes it adds a new shape and keeps the old one for generations already running.
/// </para>
/// </summary>
public static class CycleOrchestration
{
    public const string Name = "cycle-process";
    public const string WakeEvent = "wake";

    /// <summary>Activity names (also the names of the <c>[Function]</c>s on Azure).</summary>
    public const string Look = "cycle-look", RunWork = "cycle-run-work", FireTimers = "cycle-fire-timers", RecordFailures = "cycle-record-failures";

    /// <summary>
    /// The shape of a generation: 1 = look; then work (fan-out, retries on timers, failures recorded) or
    /// the due timers or a wait (timer vs wake-up); then ContinueAsNew. Histories of shape 1 are replayed
    /// by a test against every build.
    /// </summary>
    public const int CurrentShape = 1;

    /// <summary>The instance id of a cycle's orchestration.</summary>
    public static string InstanceId(string cycleId) => $"cycle:{cycleId}";

    /// <summary>The cycle's id from an instance id, or null for another orchestration.</summary>
    public static string? CycleOf(string instanceId) => instanceId.StartsWith("cycle:", StringComparison.Ordinal) ? instanceId["cycle:".Length..] : null;

    public static DurableCatalog AddCycleProcess(this DurableCatalog catalog) => catalog
        .Orchestrator<CycleProcessInput, ProcessEnd?>(Name, RunAsync)
        .Activity<CycleActivities, LookInput, ProcessStep>(Look, (a, input, ct) => a.LookAsync(input, ct))
        .Activity<CycleActivities, WorkSlice, SliceOutcome>(RunWork, (a, slice, ct) => a.RunWorkAsync(slice, ct))
        .Activity<CycleActivities, string, int>(FireTimers, (a, cycleId, ct) => a.FireTimersAsync(cycleId, ct))
        .Activity<CycleActivities, FailuresInput, int>(RecordFailures, (a, input, ct) => a.RecordFailuresAsync(input, ct));

    public static Task<ProcessEnd?> RunAsync(TaskOrchestrationContext context, CycleProcessInput input) => input.Shape switch
    {
        1 => GenerationAsync(context, input),
        _ => throw new InvalidOperationException($"This build does not know generation shape {input.Shape} of {Name}; run a newer build."),
    };

    /// <summary>A storage hiccup in the look is retried here; if it persists, the next generation looks again.</summary>
    private static readonly TaskOptions LookRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2));

    private static async Task<ProcessEnd?> GenerationAsync(TaskOrchestrationContext context, CycleProcessInput input)
    {
        ProcessStep step;
        try
        {
            step = await context.CallActivityAsync<ProcessStep>(Look, new LookInput(input.CycleId, input.Through), LookRetry);
        }
        catch (TaskFailedException failure)
        {
            // The record cannot be read now (storage unreachable, or a history this build cannot fold): say
            // so where the status is read, and look again in a minute or when woken.
            context.SetCustomStatus(CycleProcessWords.Unreadable(failure.FailureDetails.ErrorMessage) with { Ack = input.Ack, Idle = true });
            await WaitAsync(context, input, input, TimeSpan.FromMinutes(1));
            return null;
        }

        if (!step.Exists)
        {
            return new ProcessEnd(input.CycleId, "missing", 0);
        }

        var next = input with { Through = step.Through };
        if (step.Work.Count > 0)
        {
            context.SetCustomStatus(step.Status);
            if (!await RunWorkAsync(context, input, step))
            {
                // Work put off (the cycle was suspended, or another run held its emails) or failures not yet
                // recorded: derive it all again after a pause (work is idempotent).
                await context.CreateTimer(step.Settings.RetryDelay, CancellationToken.None);
                context.ContinueAsNew(input);
                return null;
            }

            context.ContinueAsNew(next);
            return null;
        }

        if (step.More)
        {
            context.ContinueAsNew(next);
            return null;
        }

        if (step.TimersDue)
        {
            context.SetCustomStatus(step.Status);
            await FireTimersAsync(context, input.CycleId, step.Settings);
            context.ContinueAsNew(next);
            return null;
        }

        if (step.Finished)
        {
            context.SetCustomStatus(step.Status with { Ack = input.Ack, Idle = true });
            return new ProcessEnd(input.CycleId, step.Phase.ToString(), step.Status.Version);
        }

        context.SetCustomStatus(step.Status with { Ack = input.Ack, Idle = true });
        // Never longer than the heartbeat: a wake-up lost to a crash between an append and its signal is
        // made up for at the next heartbeat.
        await WaitAsync(context, input, next, step.TimerAt is { } at && at - step.Now < step.Settings.Heartbeat ? at - step.Now : step.Settings.Heartbeat);
        return null;
    }

    /// <summary>Waits for the timer or a wake-up, whichever comes first, then continues as a new generation.</summary>
    private static async Task WaitAsync(TaskOrchestrationContext context, CycleProcessInput input, CycleProcessInput next, TimeSpan wait)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(wait, cancel.Token);
        var wake = context.WaitForExternalEvent<Wake>(WakeEvent, cancel.Token);
        var first = await Task.WhenAny(timer, wake);
#pragma warning disable CA1849 // An orchestrator cancels synchronously: its code must run on the orchestration's own thread.
        cancel.Cancel();
#pragma warning restore CA1849
        context.ContinueAsNew(first == wake
            ? next with { Ack = Later(input.Ack, wake.Result?.Token), TraceParent = wake.Result?.TraceParent ?? input.TraceParent }
            : next);
    }

    /// <summary>The later of two wake-up tokens (they sort by when they were made); the status answers the latest.</summary>
    private static string? Later(string? a, string? b) => b is null || (a is not null && string.CompareOrdinal(a, b) >= 0) ? a : b;

    /// <summary>
    /// Fans the work out (each activity runs a few items of one event), fans the outcomes in, retries the
    /// failed items after a durable backoff, and records in the cycle those that failed every attempt
    /// (the admin sees them in words and can retry). True when nothing was put off.
    /// </summary>
    private static async Task<bool> RunWorkAsync(TaskOrchestrationContext context, CycleProcessInput input, ProcessStep step)
    {
        var settings = step.Settings;
        var slices = step.Work.SelectMany(group => Enumerable.Range(0, (group.Items + settings.ItemsPerActivity - 1) / settings.ItemsPerActivity)
            .Select(i => new WorkSlice(input.CycleId, group.Sequence, i * settings.ItemsPerActivity,
                Math.Min(settings.ItemsPerActivity, group.Items - (i * settings.ItemsPerActivity)), TraceParent: input.TraceParent, LastAttempt: settings.MaxAttempts == 1))).ToList();
        var deferred = false;
        var failed = new List<FailedItem>();
        for (var attempt = 1; slices.Count > 0; attempt++)
        {
            var outcomes = await Task.WhenAll(slices.Select(slice => RunSliceAsync(context, slice)));
            deferred |= outcomes.Any(o => o.Deferred > 0);
            failed = [.. outcomes.SelectMany(o => o.Failed)];
            if (failed.Count == 0 || attempt >= settings.MaxAttempts)
            {
                break;
            }

            // 1, 2, 4, 8 … times the retry delay, on a durable timer: a retry survives a restart too.
            await context.CreateTimer(settings.RetryDelay * Math.Pow(2, attempt - 1), CancellationToken.None);
            slices = [.. failed.GroupBy(f => f.Sequence).Select(g => new WorkSlice(input.CycleId, g.Key, 0, 0, [.. g.Select(f => f.Index)], input.TraceParent, attempt + 1 >= settings.MaxAttempts))];
        }

        if (failed.Count == 0)
        {
            return !deferred;
        }

        try
        {
            await context.CallActivityAsync<int>(RecordFailures, new FailuresInput(input.CycleId, failed), LookRetry);
            return !deferred;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }

    /// <summary>One activity; if the activity itself cannot run (its process died repeatedly, storage failed), all its items failed.</summary>
    private static async Task<SliceOutcome> RunSliceAsync(TaskOrchestrationContext context, WorkSlice slice)
    {
        try
        {
            return await context.CallActivityAsync<SliceOutcome>(RunWork, slice);
        }
        catch (TaskFailedException ex)
        {
            return new SliceOutcome(0, 0, [.. slice.Indexes.Select(i => new FailedItem(slice.Sequence, i, $"{slice.CycleId}:{slice.Sequence:D10}:#{i}", "unknown", ex.FailureDetails.ErrorMessage))]);
        }
    }

    private static async Task FireTimersAsync(TaskOrchestrationContext context, string cycleId, ProcessSettings settings)
    {
        try
        {
            await context.CallActivityAsync<int>(FireTimers, cycleId, TaskOptions.FromRetryPolicy(new RetryPolicy(settings.MaxAttempts, settings.RetryDelay, 2)));
        }
        catch (TaskFailedException)
        {
            // The timers are still due: the next generation fires them again.
            await context.CreateTimer(settings.RetryDelay, CancellationToken.None);
        }
    }
}

public sealed record LookInput(string CycleId, long Through);

public sealed record FailuresInput(string CycleId, IReadOnlyList<FailedItem> Items);
