using Cronos;

namespace ItEval.Cycle;

/// <summary>Settings section <c>Cycles</c>.</summary>
public sealed class CycleOptions
{
    public const string Section = "Cycles";

    /// <summary>
    /// Optional cron (5 fields, in <see cref="TimeZone"/>) at which next year's cycle is drafted from the
    /// latest one, e.g. <c>0 8 2 1 *</c> = 08:00 on 2 January. Empty: never.
    /// </summary>
    public string YearlyDraftCron { get; set; } = "";

    public string TimeZone { get; set; } = CycleCalendar.DefaultTimeZone;

    /// <summary>
    /// Cycles an instance keeps in memory (least recently used leave first); a cycle that left is read
    /// from storage again when next used. Bounds memory when one instance serves many cycles.
    /// </summary>
    public int MaxCachedCycles { get; set; } = 50;

    /// <summary>
    /// A cycle's snapshot is written again after at least this many events (and at least a quarter as many
    /// as it has units, so a large cycle's snapshots cost no more than the replay they save).
    /// </summary>
    public int SnapshotEvery { get; set; } = 1000;
}

/// <summary>
/// The yearly start: when the schedule comes due, a Draft cycle for the new year is created from the
/// latest cycle — same roster, rubric, rules and team, dates moved by the years between — for the admin
/// to review and start. Idempotent: the housekeeping timer may run it any number of times.
/// </summary>
public sealed class YearlyDraft(CycleStore store, CycleEngine engine, Microsoft.Extensions.Options.IOptions<CycleOptions> options)
{
    public async Task<string?> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.YearlyDraftCron))
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var due = CronExpression.Parse(options.Value.YearlyDraftCron).GetOccurrences(now.AddDays(-366), now, zone, fromInclusive: true, toInclusive: true).LastOrDefault();
        if (due == default)
        {
            return null;
        }

        var year = TimeZoneInfo.ConvertTime(due, zone).Year;
        var cycles = await store.ListAsync(activeOnly: false, cancellationToken);
        var latest = cycles.Where(c => c.Year < year && c.Phase != CyclePhase.Terminated).OrderByDescending(c => c.Year).FirstOrDefault();
        if (latest is null || cycles.Any(c => c.Year == year))
        {
            return null;
        }

        var previous = await engine.QueryAsync(latest.Id, s => s.Definition, cancellationToken);
        if (previous is null)
        {
            return null;
        }

        var next = NextYear(previous, year);
        await engine.HandleAsync(next.Id, new CreateCycle(next) { By = "yearly-schedule" }, cancellationToken);
        return next.Id;
    }

    /// <summary>The previous definition for <paramref name="year"/>: the year in its id and name replaced, every date moved.</summary>
    public static CycleDefinition NextYear(CycleDefinition previous, int year)
    {
        var shift = year - previous.Year;
        var old = previous.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = previous.Id.Contains(old, StringComparison.Ordinal) ? previous.Id.Replace(old, now, StringComparison.Ordinal) : $"{previous.Id}-{now}";
        return previous with
        {
            Id = id,
            Year = year,
            Name = previous.Name.Contains(old, StringComparison.Ordinal) ? previous.Name.Replace(old, now, StringComparison.Ordinal) : $"{previous.Name} ({now})",
            Deadline = previous.Deadline.AddYears(shift),
            AppraisalStart = previous.AppraisalStart.AddYears(shift),
            AppraisalEnd = previous.AppraisalEnd.AddYears(shift),
            Holidays = [],
        };
    }
}
