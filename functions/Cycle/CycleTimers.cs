namespace ItEval.Cycle;

/// <summary>A durable timer: when it is due and what it is for (shown in the cycle's status).</summary>
public sealed record DueTimer(DateTimeOffset At, string Purpose);

/// <summary>
/// Durable timers are derived from the state, never stored apart from it: reminders, the end of
/// collecting and visit reminders. The sweep asks the cycle to <see cref="Tick"/>; whatever is due
/// then becomes events, so a timer fires once however many instances sweep, and survives restarts
/// and months of waiting.
/// </summary>
public static partial class CycleDecider
{
    private static Decision Timers(CycleState state, DateTimeOffset now) => state.Phase switch
    {
        CyclePhase.Collecting => CollectingTimers(state, now),
        CyclePhase.Appraising => VisitReminders(state, now),
        CyclePhase.Published or CyclePhase.Ranking when !state.ComplaintWindowOver && state.ComplaintsCloseAt is { } end && now >= end =>
            Decision.Of(new ComplaintWindowClosed { At = now, By = "system" }),
        _ => Decision.Nothing,
    };

    /// <summary>When the next planned reminder goes out and to which units (those still missing then get it); null when none is planned.</summary>
    public static (DateTimeOffset At, IReadOnlyList<string> UnitIds)? NextReminder(CycleState state)
    {
        if (state.Phase != CyclePhase.Collecting)
        {
            return null;
        }

        var next = state.Units.Values.Where(u => !u.Submitted && u.Announced)
            .Select(u => (u.Info.Id, At: Unsent(state, u).Select(r => (DateTimeOffset?)r.At).Min()))
            .Where(x => x.At is not null).ToList();
        if (next.Count == 0)
        {
            return null;
        }

        var first = next.Min(x => x.At!.Value);
        return (first, [.. next.Where(x => x.At == first).Select(x => x.Id).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The planned reminder days whose time is already past at <paramref name="now"/>: a cycle started now skips
    /// them (a reminder never goes out for a time before collecting opened), so the admin is told before starting.
    /// </summary>
    public static IReadOnlyList<DateOnly> PastReminders(CycleDefinition definition, DateTimeOffset now)
    {
        var calendar = new CycleCalendar(definition.TimeZone);
        return [.. definition.ReminderDays.Select(d => definition.Deadline.AddDays(d)).Where(day => calendar.MorningOf(day) < now).Order()];
    }

    /// <summary>Every timer still to fire, earliest first.</summary>
    public static IReadOnlyList<DueTimer> PendingTimers(CycleState state)
    {
        var timers = new List<DueTimer>();
        if (state.Phase == CyclePhase.Collecting)
        {
            foreach (var unit in state.Units.Values.Where(u => !u.Submitted))
            {
                timers.AddRange(Unsent(state, unit).Select(r => new DueTimer(r.At, $"reminder {r.Key}")));
            }

            timers.Add(new DueTimer(CollectingEnds(state), "collecting ends"));
            if (NextProgressSummary(state) is { } summary)
            {
                timers.Add(new DueTimer(summary.At, $"progress summary {summary.Day:yyyy-MM-dd}"));
            }
        }
        else if (state.Phase == CyclePhase.Appraising)
        {
            timers.AddRange(state.Visited.Where(u => !u.VisitReminded).Select(u => u.Visit!.Day).Distinct()
                .Select(day => new DueTimer(VisitReminderAt(state, day), $"visit reminder {day:yyyy-MM-dd}")));
        }
        else if (state.Phase is CyclePhase.Published or CyclePhase.Ranking && !state.ComplaintWindowOver && state.ComplaintsCloseAt is { } end)
        {
            timers.Add(new DueTimer(end, "complaints close"));
        }

        return [.. timers.DistinctBy(t => t.Purpose).OrderBy(t => t.At)];
    }

    /// <summary>The unit's reminders after the last one it got (and after collecting opened).</summary>
    private static IEnumerable<(string Key, int Days, DateOnly Deadline, DateTimeOffset At)> Unsent(CycleState state, UnitProgress unit)
    {
        var all = Reminders(state, unit).ToList();
        var lastSent = all.Where(r => unit.RemindersSent.Contains(r.Key)).Select(r => r.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var opened = state.CollectingOpenedAt ?? DateTimeOffset.MinValue;
        return all.Where(r => r.At > lastSent && r.At >= opened && !unit.RemindersSent.Contains(r.Key));
    }

    private static Decision CollectingTimers(CycleState state, DateTimeOffset now)
    {
        var events = new List<CycleEvent>();

        // For each unit still missing, the latest reminder that is due and not yet sent; older ones it
        // missed (say, after an outage) are not sent late, one reminder is enough.
        var due = state.Units.Values
            .Where(u => !u.Submitted)
            .Select(u => (Unit: u, Reminder: Unsent(state, u).Where(r => r.At <= now).OrderBy(r => r.At).LastOrDefault()))
            .Where(x => x.Reminder.Key is not null)
            .GroupBy(x => x.Reminder)
            .OrderBy(g => g.Key.At);
        foreach (var group in due)
        {
            events.Add(new RemindersDue(group.Key.Key, group.Key.Days, group.Key.Deadline, [.. group.Select(x => x.Unit.Info.Id).Order(StringComparer.Ordinal)])
            {
                At = now,
                By = "system",
            });
        }

        if (NextProgressSummary(state) is { } summary && summary.At <= now)
        {
            // After an outage only today's summary goes out, not one per missed day.
            var today = state.Calendar.Today(now);
            var day = state.Calendar.At(today, CycleDefinition.ProgressSummaryTime) <= now ? today : today.AddDays(-1);
            events.Add(new ProgressSummaryDue(day) { At = now, By = "system" });
        }

        if (now >= CollectingEnds(state))
        {
            events.Add(new CollectingClosed("deadline") { At = now, By = "system" });
        }

        return new Decision(events);
    }

    /// <summary>The next daily progress summary, when the cycle asked for them.</summary>
    private static (DateOnly Day, DateTimeOffset At)? NextProgressSummary(CycleState state)
    {
        if (state.Definition!.DailyProgressSummary != true || state.CollectingOpenedAt is not { } opened)
        {
            return null;
        }

        var day = state.LastProgressSummary?.AddDays(1) ?? state.Calendar.Today(opened);
        var at = state.Calendar.At(day, CycleDefinition.ProgressSummaryTime);
        return at < opened ? (day.AddDays(1), state.Calendar.At(day.AddDays(1), CycleDefinition.ProgressSummaryTime)) : (day, at);
    }

    /// <summary>
    /// Collecting ends when every unit's window has closed (deadlines, extensions, reopenings) and the
    /// last overdue notice has gone out — after the cycle's deadline, and after each extended deadline
    /// of a unit that has still not submitted (its notice is due a day after its own deadline).
    /// </summary>
    private static DateTimeOffset CollectingEnds(CycleState state)
    {
        var calendar = state.Calendar;
        var windows = state.Units.Values.Select(u => calendar.EndOf(state.OpenUntil(u))).Append(calendar.EndOf(state.Deadline));
        var deadlines = state.Units.Values.Where(u => !u.Submitted).Select(state.DeadlineOf).Append(state.Deadline).Distinct();
        var overdue = deadlines.SelectMany(deadline => state.Definition!.ReminderDays.Where(d => d > 0).Select(d => calendar.MorningOf(deadline.AddDays(d))));
        return windows.Concat(overdue).Max();
    }

    /// <summary>08:00 local on the working day before the visit (a Monday visit is reminded on Friday).</summary>
    private static DateTimeOffset VisitReminderAt(CycleState state, DateOnly visitDay) =>
        state.Calendar.MorningOf(state.Definition!.WorkingCalendar.Before(visitDay));

    private static IEnumerable<(string Key, int Days, DateOnly Deadline, DateTimeOffset At)> Reminders(CycleState state, UnitProgress unit)
    {
        var deadline = state.DeadlineOf(unit);
        return state.Definition!.ReminderDays.Select(days =>
            ($"{deadline:yyyyMMdd}{(days < 0 ? "-" : "+")}{Math.Abs(days)}d", days, deadline, state.Calendar.MorningOf(deadline.AddDays(days))));
    }

    private static Decision VisitReminders(CycleState state, DateTimeOffset now)
    {
        var events = state.Visited
            .Where(u => !u.VisitReminded && now >= VisitReminderAt(state, u.Visit!.Day) && now < state.Calendar.EndOf(u.Visit.Day))
            .GroupBy(u => u.Visit!.Day)
            .OrderBy(g => g.Key)
            .Select(g => (CycleEvent)new VisitRemindersDue(g.Key, [.. g.Select(u => u.Info.Id).Order(StringComparer.Ordinal)]) { At = now, By = "system" })
            .ToList();
        return new Decision(events);
    }
}
