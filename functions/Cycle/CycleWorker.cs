using ItEval.Email;
using ItEval.Forms;
using ItEval.Ranking;
using ItEval.Scheduling;

namespace ItEval.Cycle;

/// <summary>
/// Does the work items: announce (form, link, email per unit), emails and the visit plan; other kinds
/// (ranking, exports) go to the <see cref="ICycleWorkHandler"/> registered for them. Every side effect is idempotent (blob names and email ids are deterministic and checked
/// first), so a redelivered item repeats nothing a unit would notice; results go back to the cycle as
/// commands, which ignore what was already recorded.
/// </summary>
public sealed class CycleWorker(
    CycleEngine engine, CycleEmails emails, OutboxMailer mailer, IVisitPlanner planner,
    RankedEditions editions, EngineSteps steps, IEnumerable<ICycleWorkHandler> handlers)
{
    private readonly Dictionary<string, ICycleWorkHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public async Task RunAsync(WorkItem work, CancellationToken cancellationToken)
    {
        switch (work.Kind)
        {
            case WorkKinds.Announce:
                await AnnounceAsync(work, cancellationToken);
                break;
            case WorkKinds.Email:
                await EmailAsync(work, cancellationToken);
                break;
            case WorkKinds.Schedule:
                await ScheduleAsync(work, cancellationToken);
                break;
            default:
                await (_handlers.GetValueOrDefault(work.Kind) ?? throw new InvalidDataException($"Unknown work kind {work.Kind}")).RunAsync(work, cancellationToken);
                break;
        }
    }

    private async Task AnnounceAsync(WorkItem work, CancellationToken cancellationToken)
    {
        // No form is written here: the email links to the unit's page, where the personalised form is made on
        // its first download and kept (FormTemplateStore.GetAsync). Most of an announcement's cost was
        // writing one workbook per unit up front, many of them never downloaded before a reminder.
        var messages = await engine.QueryAsync(work.CycleId, s => work.UnitIds.Select(id => emails.Announcement(s, s.Units[id])).ToList(), cancellationToken);
        await mailer.SendBatchAsync(work.CycleId, messages, work.WorkId, cancellationToken);

        await steps.ReachedAsync(EngineSteps.AfterSideEffects, work);
        await engine.HandleAsync(work.CycleId, new CompleteAnnouncement(work.UnitIds) { By = "system" }, cancellationToken);
    }

    private async Task EmailAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var messages = work.EmailKind switch
        {
            EmailKinds.Result or EmailKinds.AdminSummary => await ResultEmails(work, cancellationToken),
            _ => await engine.QueryAsync(work.CycleId, s => Compose(s, work, engine.Time.GetUtcNow()), cancellationToken),
        };
        await mailer.SendBatchAsync(work.CycleId, messages, work.WorkId, cancellationToken);

        await steps.ReachedAsync(EngineSteps.AfterSideEffects, work);
    }

    private List<EmailMessage> Compose(CycleState state, WorkItem work, DateTimeOffset now)
    {
        var units = work.UnitIds.Select(id => state.Units[id]).ToList();
        return work.EmailKind switch
        {
            // A unit that submitted after the reminder was decided is not reminded.
            EmailKinds.Reminder or EmailKinds.Overdue => [.. units.Where(u => !u.Submitted).Select(u => emails.Reminder(state, u, work.EmailKind, work.Key!, now))],
            EmailKinds.DeadlineExtended => [.. units.Where(u => !u.Submitted).Select(u => emails.Extended(state, u, work.Key!))],
            EmailKinds.VisitPlan when work.Key!.StartsWith("team", StringComparison.Ordinal) => [emails.TeamPlan(state, work.Key)],
            EmailKinds.VisitPlan or EmailKinds.VisitReminder => [.. units.Where(u => u.Visit is not null).Select(u => emails.Visit(state, u, work.EmailKind, work.Key!))],
            EmailKinds.NewLink => [.. units.Select(u => emails.NewLink(state, u, work.Key!))],
            EmailKinds.AdminAlert => [emails.AdminAlert(state, work.Key!)],
            EmailKinds.ComplaintFiled => [emails.ComplaintFiled(state, work.Key!)],
            EmailKinds.ComplaintDecided => [.. units.Select(u => emails.ComplaintDecided(state, u, work.Key!))],
            EmailKinds.ProgressSummary => [emails.ProgressSummary(state, work.Key!)],
            // Only while the plan is still missing: a later plan makes the news stale.
            EmailKinds.SchedulingFailed => state.VisitsPlanned ? [] : [emails.SchedulingFailed(state, work.Key!)],
            _ => throw new InvalidDataException($"Unknown email kind {work.EmailKind}"),
        };
    }

    /// <summary>
    /// Result emails say what the edition published, read from its stored rows (the same for every batch,
    /// cached); the key is "edition{n}".
    /// </summary>
    private async Task<List<EmailMessage>> ResultEmails(WorkItem work, CancellationToken cancellationToken)
    {
        var number = int.Parse(work.Key!["edition".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var sha = await engine.QueryAsync(work.CycleId, s => s.Editions.Count >= number ? s.Editions[number - 1].Sha256 : null, cancellationToken);
        var edition = await editions.GetAsync(work.CycleId, number, sha, cancellationToken);
        return await engine.QueryAsync(work.CycleId, s => work.EmailKind == EmailKinds.AdminSummary
            ? [emails.AdminSummary(s, edition.Rows, work.Key!)]
            : work.UnitIds.Where(edition.ByUnit.ContainsKey).Select(id => emails.Result(s, s.Units[id], edition.ByUnit[id], work.Key!)).ToList(), cancellationToken);
    }

    private async Task ScheduleAsync(WorkItem work, CancellationToken cancellationToken)
    {
        var request = await engine.QueryAsync(work.CycleId, s => s.Phase != CyclePhase.Scheduling || s.VisitsPlanned ? null
            : VisitPlanChanges.Request(s, s.Units.Values.Where(u => u.Submitted)), cancellationToken);
        if (request is null)
        {
            return;
        }

        var plan = planner.Plan(request);
        await steps.ReachedAsync(EngineSteps.AfterSideEffects, work);
        await engine.HandleAsync(work.CycleId, new CompleteScheduling(plan.Visits, plan.ProblemVi, plan.ProblemEn) { By = "system" }, cancellationToken);
    }
}
