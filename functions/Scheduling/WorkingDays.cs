namespace ItEval.Scheduling;

/// <summary>
/// Ngày làm việc: Monday to Friday, except the public holidays the cycle names. Visits happen on them,
/// and visit reminders go out on the working day before a visit.
/// </summary>
public static class WorkingDays
{
    public static bool IsWorkingDay(DateOnly day, IReadOnlyCollection<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    public static IEnumerable<DateOnly> Between(DateOnly start, DateOnly end, IReadOnlyCollection<DateOnly> holidays)
    {
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (IsWorkingDay(day, holidays))
            {
                yield return day;
            }
        }
    }

    /// <summary>The last working day before <paramref name="day"/> (a Monday's is the Friday before, or earlier across holidays).</summary>
    public static DateOnly Before(DateOnly day, IReadOnlyCollection<DateOnly> holidays)
    {
        var before = day.AddDays(-1);
        for (var guard = 0; guard < 60 && !IsWorkingDay(before, holidays); guard++)
        {
            before = before.AddDays(-1);
        }

        return before;
    }
}
