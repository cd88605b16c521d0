using System.Text.Json;

namespace ItEval.Scheduling;

/// <summary>
/// Lịch làm việc: Monday to Friday are working days, except public holidays; a Saturday the Government
/// names as a make-up day (ngày làm bù) is a working day. The years 2025–2027 ship with the app
/// (Scheduling/Calendar/vietnam.json); a cycle adds its own days off and may turn a day into a working day.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekends;

    private WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends, IReadOnlyDictionary<DateOnly, string> names, IReadOnlySet<int> years)
    {
        _holidays = [.. holidays];
        _workingWeekends = [.. workingWeekends];
        Names = names;
        Years = years;
    }

    /// <summary>Vietnam's public-sector calendar as shipped.</summary>
    public static WorkingCalendar Vietnam { get; } = Load();

    /// <summary>Names of the shipped holidays and make-up days (for the plan's explanation).</summary>
    public IReadOnlyDictionary<DateOnly, string> Names { get; }

    /// <summary>Years the shipped file covers; outside them only weekends and the cycle's own days apply.</summary>
    public IReadOnlySet<int> Years { get; }

    /// <summary>This calendar with a cycle's own days off and working days (a working day wins over a holiday).</summary>
    public WorkingCalendar With(IEnumerable<DateOnly>? holidays, IEnumerable<DateOnly>? workingDays = null)
    {
        var working = workingDays?.ToHashSet() ?? [];
        return new WorkingCalendar(
            _holidays.Concat(holidays ?? []).Where(d => !working.Contains(d)),
            _workingWeekends.Concat(working), Names, Years);
    }

    public bool IsWorkingDay(DateOnly day) =>
        !_holidays.Contains(day) && (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || _workingWeekends.Contains(day));

    public IEnumerable<DateOnly> Between(DateOnly start, DateOnly end)
    {
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                yield return day;
            }
        }
    }

    /// <summary>The last working day before <paramref name="day"/> (across weekends and Tết).</summary>
    public DateOnly Before(DateOnly day)
    {
        var before = day.AddDays(-1);
        for (var guard = 0; guard < 60 && !IsWorkingDay(before); guard++)
        {
            before = before.AddDays(-1);
        }

        return before;
    }

    private static WorkingCalendar Load()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream("ItEval.Scheduling.Calendar.vietnam.json")
            ?? throw new InvalidOperationException("The shipped working calendar is missing from the build.");
        using var file = JsonDocument.Parse(stream);
        var holidays = new List<DateOnly>();
        var working = new List<DateOnly>();
        var names = new Dictionary<DateOnly, string>();
        var years = new HashSet<int>();
        foreach (var year in file.RootElement.GetProperty("years").EnumerateObject())
        {
            years.Add(int.Parse(year.Name, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (list, property) in new[] { (holidays, "holidays"), (working, "workingWeekends") })
            {
                foreach (var entry in year.Value.GetProperty(property).EnumerateArray())
                {
                    var date = DateOnly.ParseExact(entry.GetProperty("date").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    list.Add(date);
                    names[date] = entry.GetProperty("name").GetString()!;
                }
            }
        }

        return new WorkingCalendar(holidays, working, names, years);
    }
}
