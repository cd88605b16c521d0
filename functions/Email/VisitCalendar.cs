using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace ItEval.Email;

/// <summary>A calendar invite (.ics) for an appraisal visit, in the cycle's time zone.</summary>
public static class VisitCalendar
{
    public static string Invite(string uid, string summary, string description, DateTime localStart, DateTime localEnd, string timeZone, IEnumerable<string> attendees)
    {
        var calendar = new Calendar();
        calendar.AddTimeZone(timeZone);
        var visit = new CalendarEvent
        {
            Uid = uid,
            Summary = summary,
            Description = description,
            Start = new CalDateTime(localStart, timeZone),
            End = new CalDateTime(localEnd, timeZone),
        };
        foreach (var email in attendees)
        {
            visit.Attendees.Add(new Attendee($"mailto:{email}"));
        }

        calendar.Events.Add(visit);
        calendar.Method = "REQUEST";
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}
