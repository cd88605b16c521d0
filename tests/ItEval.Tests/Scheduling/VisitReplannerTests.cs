using ItEval.Cycle;
using ItEval.Scheduling;

namespace ItEval.Tests.Scheduling;

/// <summary>Changes to a plan people already have: as few visits change as possible, and the plan stays valid.</summary>
public sealed class VisitReplannerTests
{
    private static readonly MatchingVisitPlanner Planner = new();

    private static List<Visit> Apply(IReadOnlyList<Visit> plan, IReadOnlyList<Visit> changed) =>
        [.. plan.Select(v => changed.FirstOrDefault(c => c.UnitId == v.UnitId) ?? v)];

    [Fact]
    public void Moving_a_visit_to_a_free_slot_changes_that_visit_only_and_moving_to_a_full_day_keeps_every_rule()
    {
        var checkedMoves = 0;
        var chains = 0;
        for (var seed = 0; seed < 1500; seed++)
        {
            var request = PlanningKit.Random(seed);
            if (Planner.Plan(request).Visits is not { } plan)
            {
                continue;
            }

            foreach (var unit in request.Units)
            {
                foreach (var free in VisitReplanner.FreeSlots(request, plan, unit.Id))
                {
                    var change = VisitReplanner.Move(request, plan, unit.Id, free.Day, free.TeamId);
                    var moved = Assert.Single(change.Changed!);
                    Assert.Equal((unit.Id, free.Day), (moved.UnitId, moved.Day));
                    Assert.Empty(PlanningKit.Problems(request, Apply(plan, change.Changed!)));
                    checkedMoves++;
                }

                foreach (var day in request.WorkingDays().Where(d => d != plan.Single(v => v.UnitId == unit.Id).Day))
                {
                    if (VisitReplanner.Move(request, plan, unit.Id, day, null) is { Changed: { } changed })
                    {
                        Assert.Empty(PlanningKit.Problems(request, Apply(plan, changed)));
                        Assert.Contains(changed, v => v.UnitId == unit.Id && v.Day == day);
                        chains += changed.Count > 1 ? 1 : 0;
                    }
                }
            }
        }

        Assert.True(checkedMoves > 1000, $"{checkedMoves} moves to free slots checked");
        Assert.True(chains > 10, $"{chains} moves needed a chain");
    }

    [Fact]
    public void When_a_member_or_a_team_drops_out_the_plan_is_redone_around_them_keeping_conflicts_of_interest()
    {
        var checkedDrops = 0;
        for (var seed = 0; seed < 1500; seed++)
        {
            var request = PlanningKit.Random(seed);
            if (Planner.Plan(request).Visits is not { } plan)
            {
                continue;
            }

            foreach (var member in request.Team)
            {
                var change = VisitReplanner.DropMember(request, plan, member.Id);
                var reduced = request with { Team = [.. request.Team.Where(m => m.Id != member.Id)] };
                if (change.Changed is { } changed)
                {
                    var after = Apply(plan, changed);
                    Assert.Empty(PlanningKit.Problems(reduced, after));
                    Assert.DoesNotContain(after, v => v.TeamMemberIds.Contains(member.Id));
                    checkedDrops++;
                }
                else
                {
                    Assert.False(PlanningKit.ExhaustivelyFeasible(reduced), $"seed {seed}: {change.ProblemEn}");
                }
            }

            foreach (var team in request.Team.Select(m => m.TeamId).Distinct())
            {
                var reduced = request with { Team = [.. request.Team.Where(m => m.TeamId != team)] };
                if (VisitReplanner.DropTeam(request, plan, team) is { Changed: { } changed })
                {
                    Assert.Empty(PlanningKit.Problems(reduced, Apply(plan, changed)));
                }
            }
        }

        Assert.True(checkedDrops > 500, $"{checkedDrops} drops checked");
    }
}
