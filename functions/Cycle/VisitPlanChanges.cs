using ItEval.Scheduling;

namespace ItEval.Cycle;

/// <summary>
/// Changes to a sent visit plan: the replanner computes the fewest visits to change on the cycle's state,
/// and the cycle records them (refusing a change computed on a plan that changed meanwhile, which is then
/// computed again). Who asked and why goes into the history with the change.
/// </summary>
public sealed class VisitPlanChanges(CycleEngine engine)
{
    private const int Attempts = 3;

    /// <summary>What the planner needs, for <paramref name="units"/> of the cycle as it stands.</summary>
    public static VisitRequest Request(CycleState state, IEnumerable<UnitProgress> units)
    {
        var cycle = state.Definition!;
        var list = units.ToList();
        return new VisitRequest([.. list.Select(u => u.Info)], cycle.AppraisalStart, cycle.AppraisalEnd, cycle.VisitsPerDay, cycle.Holidays, state.ActiveTeam,
            list.Where(u => u.BlackoutDates.Count > 0).ToDictionary(u => u.Info.Id, u => (IReadOnlyCollection<DateOnly>)[.. u.BlackoutDates]))
        {
            ExtraWorkingDays = cycle.ExtraWorkingDays,
            Trips = cycle.FarDistricts,
            NeighbourGroups = cycle.NeighbourGroups,
            Preferred = list.Where(u => u.PreferredDates.Count > 0).ToDictionary(u => u.Info.Id, u => (IReadOnlyCollection<DateOnly>)[.. u.PreferredDates]),
        };
    }

    /// <summary>The plan's request and visits as they stand (units visited, not yet appraised or already).</summary>
    public static (VisitRequest Request, IReadOnlyList<Visit> Visits) Current(CycleState state) =>
        (Request(state, state.Visited), [.. state.Visited.Select(u => u.Visit!)]);

    public Task<IReadOnlyList<FreeSlot>?> FreeSlotsAsync(string cycleId, string unitId, CancellationToken cancellationToken) =>
        engine.QueryAsync(cycleId, s =>
        {
            if (!s.VisitsPlanned || !s.Units.TryGetValue(unitId, out var unit) || unit.Visit is null)
            {
                return null;
            }

            var (request, visits) = Current(s);
            return VisitReplanner.FreeSlots(request, visits, unitId);
        }, cancellationToken);

    public Task<PlanChangeOutcome> MoveAsync(string cycleId, string unitId, DateOnly day, string? teamId, string reason, string by, CancellationToken cancellationToken) =>
        ChangeAsync(cycleId, s =>
        {
            var (request, visits) = Current(s);
            return VisitReplanner.Move(request, visits, unitId, day, teamId);
        }, reason, by, null, null, cancellationToken);

    public Task<PlanChangeOutcome> DropMemberAsync(string cycleId, string memberId, string reason, string by, CancellationToken cancellationToken) =>
        ChangeAsync(cycleId, s =>
        {
            var (request, visits) = Current(s);
            return VisitReplanner.DropMember(request, visits, memberId);
        }, reason, by, memberId, null, cancellationToken);

    public Task<PlanChangeOutcome> DropTeamAsync(string cycleId, string teamId, string reason, string by, CancellationToken cancellationToken) =>
        ChangeAsync(cycleId, s =>
        {
            var (request, visits) = Current(s);
            return VisitReplanner.DropTeam(request, visits, teamId);
        }, reason, by, null, teamId, cancellationToken);

    private async Task<PlanChangeOutcome> ChangeAsync(
        string cycleId, Func<CycleState, VisitChange> compute, string reason, string by, string? member, string? team, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (change, version, planned) = await engine.QueryAsync(cycleId,
                s => s.Exists && s.Phase == CyclePhase.Appraising && s.VisitsPlanned ? (compute(s), s.VisitPlanVersion, true) : (null, s.VisitPlanVersion, false), cancellationToken);
            if (!planned || change is null)
            {
                // The cycle's own refusal says which phase it is in (or that it does not exist).
                return new PlanChangeOutcome(await engine.HandleAsync(cycleId, new ChangeVisits([], reason, version) { By = by }, cancellationToken), null);
            }

            if (change.Changed is not { } changed)
            {
                return new PlanChangeOutcome(null, new Refusal(RefusalKind.Invalid, change.ProblemVi!, change.ProblemEn!));
            }

            var result = await engine.HandleAsync(cycleId, new ChangeVisits(changed, reason, version) { By = by, DroppedMemberId = member, DroppedTeamId = team }, cancellationToken);
            if (result.Refusal is { Kind: RefusalKind.Conflict } && attempt < Attempts)
            {
                continue;
            }

            return new PlanChangeOutcome(result, null, changed);
        }
    }
}

/// <summary>What became of a change: the cycle's answer, or the replanner's refusal (no plan fits the change).</summary>
public sealed record PlanChangeOutcome(CommandResult? Result, Refusal? Unplannable, IReadOnlyList<Visit>? Changed = null);
