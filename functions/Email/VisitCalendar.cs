using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace ItEval.Email;

/// <summary>A calendar invite (.ics) for an appraisal visit, in the cycle's time zone.</summary>
public static class VisitCalendar
{
    /// <summary>
    /// The invite for a visit. The UID stays the same for the unit's visit whatever changes; a changed visit
    /// is sent with a higher <paramref name="sequence"/>, so calendars update the event instead of adding one.
    /// </summary>
    public static string Invite(string uid, string summary, string description, DateTime localStart, DateTime localEnd, string timeZone, IEnumerable<string> attendees, int sequence = 0)
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
            Sequence = sequence,
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
