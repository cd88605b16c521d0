using System.Globalization;

namespace ItEval.Scheduling;

/// <summary>
/// Settings section <c>Visits</c>: when the visits of a day start. Default office hours: 08:00 and
/// 09:45 in the morning, 14:00 and 15:45 in the afternoon, 90 minutes each, so no visit runs through
/// lunch (11:30–14:00). <c>Visits__Slots=08:00,09:45,14:00</c>, <c>Visits__Duration=01:30:00</c>.
/// </summary>
public sealed class VisitHours
{
    public const string Section = "Visits";

    private static readonly TimeOnly[] Default = [new(8, 0), new(9, 45), new(14, 0), new(15, 45)];

    /// <summary>Start times, comma-separated, in slot order (slot 0 first).</summary>
    public string? Slots { get; set; }

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>The start times; null when <see cref="Slots"/> cannot be read (the app refuses to start).</summary>
    public IReadOnlyList<TimeOnly>? StartTimes
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Slots))
            {
                return Default;
            }

            var times = new List<TimeOnly>();
            foreach (var part in Slots.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TimeOnly.TryParseExact(part, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) || times.Count > 0 && time <= times[^1])
                {
                    return null;
                }

                times.Add(time);
            }

            return times.Count > 0 ? times : null;
        }
    }

    /// <summary>A slot's start and end; slots past the configured ones follow the last, 15 minutes apart.</summary>
    public (TimeOnly Start, TimeOnly End) Of(int slot)
    {
        var starts = StartTimes ?? Default;
        var start = slot < starts.Count ? starts[slot] : starts[^1].Add((Duration + TimeSpan.FromMinutes(15)) * (slot - starts.Count + 1));
        return (start, start.Add(Duration));
    }
}
