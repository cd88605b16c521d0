using ItEval.Scheduling;

namespace ItEval.Cycle;

/// <summary>
/// The rules every visit of a plan keeps, checked on a change before it is recorded (the replanner keeps
/// them; this guards against a change computed wrongly or sent by hand): a working day of the window
/// the unit did not declare busy, members of one team who have no conflict of interest and did not drop
/// out, and no team-day with more visits than its slots.
/// </summary>
public static class VisitChecks
{
    public static (string Vi, string En)? Problem(CycleState state, ChangeVisits change)
    {
        var cycle = state.Definition!;
        var calendar = cycle.WorkingCalendar;
        var dropped = new HashSet<string>(state.DroppedMembers, StringComparer.Ordinal);
        if (change.DroppedMemberId is { } member)
        {
            if (cycle.Team.All(m => m.Id != member))
            {
                return ($"Không có thành viên \"{member}\" trong tổ thẩm định.", $"There is no team member \"{member}\".");
            }

            dropped.Add(member);
        }

        if (change.DroppedTeamId is { } team)
        {
            if (cycle.Team.All(m => m.TeamId != team))
            {
                return ($"Không có tổ thẩm định \"{team}\".", $"There is no team \"{team}\".");
            }

            dropped.UnionWith(cycle.Team.Where(m => m.TeamId == team).Select(m => m.Id));
        }

        if (change.Visits.Select(v => v.UnitId).Distinct(StringComparer.Ordinal).Count() != change.Visits.Count)
        {
            return ("Một đơn vị xuất hiện hai lần trong thay đổi.", "A unit appears twice in the change.");
        }

        foreach (var visit in change.Visits)
        {
            if (!state.Units.TryGetValue(visit.UnitId, out var unit) || unit.Visit is null)
            {
                return ($"Đơn vị \"{visit.UnitId}\" không có lịch thẩm định.", $"Unit \"{visit.UnitId}\" has no visit.");
            }

            if (unit.Appraisals.Count > 0)
            {
                return ($"Đơn vị {unit.Info.Code} đã được thẩm định; không đổi lịch được nữa.", $"Unit {unit.Info.Code} was already appraised; its visit cannot change.");
            }

            if (visit.Day < cycle.AppraisalStart || visit.Day > cycle.AppraisalEnd || !calendar.IsWorkingDay(visit.Day))
            {
                return ($"Ngày {visit.Day:dd/MM/yyyy} không phải ngày làm việc trong thời gian thẩm định.", $"{visit.Day:yyyy-MM-dd} is not a working day of the appraisal window.");
            }

            if (unit.BlackoutDates.Contains(visit.Day))
            {
                return ($"Đơn vị {unit.Info.Code} đã báo bận ngày {visit.Day:dd/MM/yyyy}.", $"Unit {unit.Info.Code} declared {visit.Day:yyyy-MM-dd} busy.");
            }

            var members = cycle.Team.Where(m => visit.TeamMemberIds.Contains(m.Id, StringComparer.Ordinal)).ToList();
            if (members.Count == 0 || members.Count != visit.TeamMemberIds.Count || members.Any(m => dropped.Contains(m.Id))
                || members.Select(m => m.TeamId).Distinct(StringComparer.Ordinal).Count() != 1 || visit.TeamId is { } id && members[0].TeamId != id)
            {
                return ($"Thành viên đoàn thẩm định đơn vị {unit.Info.Code} không hợp lệ.", $"The members of unit {unit.Info.Code}'s visit are not valid.");
            }

            if (members.FirstOrDefault(m => m.ConflictsWith(unit.Info.Id)) is { } conflicted)
            {
                return ($"{conflicted.Name} có xung đột lợi ích với đơn vị {unit.Info.Code}.", $"{conflicted.Name} has a conflict of interest with unit {unit.Info.Code}.");
            }
        }

        var after = state.Units.Values.Where(u => u.Visit is not null)
            .Select(u => (Unit: u, Visit: change.Visits.FirstOrDefault(v => v.UnitId == u.Info.Id) ?? u.Visit!)).ToList();
        if (after.FirstOrDefault(a => a.Unit.Appraisals.Count == 0 && a.Visit.TeamMemberIds.Any(dropped.Contains)) is { Unit: { } left })
        {
            return ($"Đoàn thẩm định đơn vị {left.Info.Code} vẫn có thành viên đã rút.", $"Unit {left.Info.Code}'s visit still has a member who dropped out.");
        }

        foreach (var teamDay in after.GroupBy(a => (a.Visit.Day, Team: TeamOf(cycle, a.Visit))))
        {
            var taken = new bool[cycle.VisitsPerDay];
            foreach (var (unit, visit) in teamDay)
            {
                var slots = VisitSlots.For(unit.Info.District, cycle.FarDistricts, cycle.VisitsPerDay);
                for (var s = visit.Slot; s < visit.Slot + slots; s++)
                {
                    if (s < 0 || s >= taken.Length || taken[s])
                    {
                        return ($"Ngày {visit.Day:dd/MM/yyyy} của tổ đã kín buổi.", $"The team's {visit.Day:yyyy-MM-dd} has no free slot.");
                    }

                    taken[s] = true;
                }
            }
        }

        return null;
    }

    private static string TeamOf(CycleDefinition cycle, Visit visit) =>
        visit.TeamId ?? cycle.Team.FirstOrDefault(m => visit.TeamMemberIds.Contains(m.Id, StringComparer.Ordinal))?.TeamId ?? TeamMember.SingleTeam;
}
