namespace ItEval.Cycle;

/// <summary>
/// Turns the cycle's local calendar days into UTC instants. A deadline date ends at midnight after it,
/// local time; reminders and visit reminders go out at 08:00 local time.
/// </summary>
public sealed class CycleCalendar(string timeZoneId)
{
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";
    private static readonly TimeOnly MorningSend = new(8, 0);

    private readonly TimeZoneInfo _zone = Find(timeZoneId);

    public DateTimeOffset EndOf(DateOnly day) => Utc(day.AddDays(1), TimeOnly.MinValue);

    public DateTimeOffset MorningOf(DateOnly day) => Utc(day, MorningSend);

    public DateTimeOffset At(DateOnly day, TimeOnly time) => Utc(day, time);

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    private DateTimeOffset Utc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Whether a cycle can run in this zone (checked when the cycle is created, so it never fails later).</summary>
    public static bool IsKnown(string id)
    {
        try
        {
            _ = Find(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The zone by IANA id; Vietnam's fixed UTC+7 if the machine lacks time-zone data.</summary>
    private static TimeZoneInfo Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == DefaultTimeZone)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(7), id, id);
        }
    }
}
