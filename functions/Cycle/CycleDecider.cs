using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>
/// The workflow rules of a cycle, as one pure function: given the state, a command and the time, the
/// events that follow (or a refusal). No I/O, no clock: the time is an input, so the same inputs always
/// decide the same way, on any instance, in tests and after a restart.
/// </summary>
public static partial class CycleDecider
{
    public static Decision Decide(CycleState state, CycleCommand command, DateTimeOffset now)
    {
        if (command is CreateCycle create)
        {
            return Create(state, create, now);
        }

        if (!state.Exists)
        {
            return Decision.Refuse(RefusalKind.NotFound, $"Không có kỳ đánh giá \"{state.Id}\".", $"There is no cycle \"{state.Id}\".");
        }

        return command switch
        {
            StartCycle when state.Phase == CyclePhase.Draft && now >= state.Calendar.EndOf(state.Deadline) => Decision.Refuse(RefusalKind.Conflict,
                $"Hạn nộp {state.Deadline:dd/MM/yyyy} đã qua; hãy gia hạn hạn nộp trước khi bắt đầu.", $"The deadline {state.Deadline:yyyy-MM-dd} has passed; extend it before starting."),
            StartCycle => state.Phase == CyclePhase.Draft ? Decision.Of(new CycleStarted { At = now, By = command.By })
                : state.Phase is CyclePhase.Suspended or CyclePhase.Terminated ? WrongPhase(state, "bắt đầu", "start")
                : Decision.Nothing,
            CompleteAnnouncement done => Announced(state, done, now),
            RecordSubmission submission => Submit(state, submission, now),
            ExtendDeadline extend => Extend(state, extend, now),
            ReopenUnit reopen => Reopen(state, reopen, now),
            RemindNow remind => RemindNowDecision(state, remind, now),
            Advance advance => AdvanceCollecting(state, advance, now),
            Tick tick => Timers(state, tick.Now),
            CompleteScheduling scheduled => Scheduled(state, scheduled, now),
            ChangeAppraisalWindow window => ChangeWindow(state, window, now),
            SetVisitPlanning planning => SetPlanning(state, planning, now),
            ChangeVisits change => Change(state, change, now),
            RecordAppraisal appraisal => Appraise(state, appraisal, now),
            CloseAppraisal close => state.Phase != CyclePhase.Appraising ? WrongPhase(state, "kết thúc thẩm định", "close appraisal")
                : NeedsReason(close.Reason) ?? Decision.Of(new AppraisalClosed(close.Reason) { At = now, By = close.By }),
            // A ranking of scores that changed since it was computed is stale: the newer one follows.
            CompleteRanking ranked => state.Phase == CyclePhase.Ranking && !state.RankingReady && ranked.Basis >= state.ScoresVersion
                && ranked.Edition == state.PublishedEdition + 1
                ? Decision.Of(new RankingComputed(ranked.Rows, ranked.Edition, ranked.Sha256, ranked.ChangedUnitIds, ranked.Basis) { At = now, By = ranked.By })
                : Decision.Nothing,
            PublishResults => state.Phase != CyclePhase.Ranking || !state.RankingReady ? WrongPhase(state, "công bố kết quả", "publish results")
                : HeaderProblems(state.Header, "công bố", "publishing")
                ?? Decision.Of(new ResultsPublished(state.PublishedEdition + 1, state.RankingSha256, state.PublishedEdition == 0 ? null : state.RankingChanged ?? [], state.PendingCorrection)
                {
                    At = now,
                    By = command.By,
                }),
            SetDocumentHeader set => state.PublishedEdition > 0 || state.IsFinished
                ? Decision.Refuse(RefusalKind.WrongPhase, "Kết quả đã công bố: hãy dùng \"Đính chính văn bản\" để công bố lần mới với tiêu đề đã sửa.",
                    "Results are published: use \"Correct the documents\" to publish a new edition with the corrected header.")
                : TooLong(set.Header) ?? (set.Header == state.Definition!.DocumentHeader ? Decision.Nothing
                : Decision.Of(new DocumentHeaderSet(set.Header) { At = now, By = set.By })),
            CorrectDocuments correct => state.Phase != CyclePhase.Published || state.PublishedEdition == 0 ? WrongPhase(state, "đính chính văn bản", "correct the documents")
                : NeedsReason(correct.Reason) ?? HeaderProblems(correct.Header, "đính chính", "correcting")
                ?? (correct.Header == state.Header ? Decision.Refuse(RefusalKind.Invalid, "Tiêu đề văn bản không thay đổi so với lần công bố trước.", "The header is the same as in the published edition.")
                : Decision.Of(new DocumentsCorrected(correct.Header, correct.Reason.Trim()) { At = now, By = correct.By })),
            CompleteExports stored => stored.Edition < 1 || stored.Edition > state.Editions.Count || state.Editions[stored.Edition - 1].Files.Count > 0
                ? Decision.Nothing
                : Decision.Of(new ExportsStored(stored.Edition, stored.Files) { At = now, By = stored.By }),
            Reappraise re => Reappraisal(state, re, now),
            FileComplaint complaint => Complain(state, complaint, now),
            DecideComplaint decide => Decide(state, decide, now),
            CloseCycle => Close(state, command, now),
            SuspendCycle suspend => state.Phase is CyclePhase.Suspended or CyclePhase.Closed or CyclePhase.Terminated ? WrongPhase(state, "tạm dừng", "suspend")
                : NeedsReason(suspend.Reason) ?? Decision.Of(new CycleSuspended(suspend.Reason) { At = now, By = suspend.By }),
            ResumeCycle => state.Phase != CyclePhase.Suspended ? WrongPhase(state, "tiếp tục", "resume")
                : Decision.Of(new CycleResumed { At = now, By = command.By }),
            TerminateCycle terminate => state.IsFinished ? WrongPhase(state, "hủy", "terminate")
                : NeedsReason(terminate.Reason) ?? Decision.Of(new CycleTerminated(terminate.Reason) { At = now, By = terminate.By }),
            RecordBounce bounce => !state.Units.TryGetValue(bounce.UnitId, out var bounced) || bounced.BouncedEmails.ContainsKey(bounce.Email)
                ? Decision.Nothing
                : Decision.Of(new EmailBounced(bounce.UnitId, bounce.Email, bounce.Reason) { At = now, By = bounce.By }),
            ReissueUnitLink reissue => Reissue(state, reissue, now),
            DeclareBlackoutDates blackout => Blackout(state, blackout, now),
            RetryFailedWork retry => Retry(state, retry, now),
            RecordLinkOpened opened => state.Units.TryGetValue(opened.UnitId, out var opener) && opener.LinkOpenedAt is null && state.Phase != CyclePhase.Terminated
                ? Decision.Of(new UnitLinkOpened(opened.UnitId) { At = now, By = opened.By }) : Decision.Nothing,
            FailWorkItem failed => state.FailedWork.ContainsKey(failed.WorkId) ? Decision.Nothing
                : Decision.Of(new WorkItemFailed(failed.WorkId, failed.Kind, failed.Error) { At = now, By = failed.By }),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command"),
        };
    }

    /// <summary>
    /// A reminder now to the chosen units still missing, keyed by the cycle's version so it never counts as
    /// one of the planned reminders (those still go out on their days).
    /// </summary>
    private static Decision RemindNowDecision(CycleState state, RemindNow remind, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Collecting)
        {
            return WrongPhase(state, "nhắc hạn", "send a reminder");
        }

        if (remind.UnitIds.FirstOrDefault(id => !state.Units.ContainsKey(id)) is { } unknown)
        {
            return UnknownUnit(unknown);
        }

        var missing = remind.UnitIds.Distinct(StringComparer.Ordinal).Where(id => state.Units[id] is { Announced: true, Submitted: false }).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return Decision.Refuse(RefusalKind.Invalid, "Hãy chọn ít nhất một đơn vị chưa nộp phiếu.", "Choose at least one unit that has not submitted.");
        }

        var today = state.Calendar.Today(now);
        return Decision.Of(new RemindersDue($"now-{state.Version + 1}", Math.Min(0, today.DayNumber - state.Deadline.DayNumber), state.Deadline, missing) { At = now, By = remind.By });
    }

    /// <summary>An edition goes out only with a header that names the agency and the place (not the bloc's template as it is).</summary>
    private static Decision? HeaderProblems(DocumentHeader header, string doingVi, string doingEn)
    {
        var problems = header.Problems();
        return problems.Count == 0 ? null : Decision.Refuse(RefusalKind.Invalid,
            $"Chưa thể {doingVi}: tiêu đề văn bản chưa đủ. " + string.Join(" ", problems.Select(p => p.Split(" / ")[0])),
            $"Cannot go on {doingEn}: the document header is incomplete. " + string.Join(" ", problems.Select(p => p.Split(" / ")[1])));
    }

    private static Decision? TooLong(DocumentHeader header) => header.TooLong
        ? Decision.Refuse(RefusalKind.Invalid, $"Tiêu đề văn bản: mỗi mục tối đa {DocumentHeader.MaxFieldLength} ký tự.", $"Document header: each field holds at most {DocumentHeader.MaxFieldLength} characters.")
        : null;

    /// <summary>Folds the events of a decision into the state (the fold the shell uses after appending).</summary>
    public static CycleState Evolve(CycleState state, CycleEvent e) => state.Apply(e);

    private static Decision Create(CycleState state, CreateCycle create, DateTimeOffset now)
    {
        if (state.Exists)
        {
            // Creating again with the same definition is a retry, not a conflict.
            return Same(state.Definition!, create.Definition) ? Decision.Nothing
                : Decision.Refuse(RefusalKind.Conflict, $"Kỳ đánh giá \"{state.Id}\" đã có với nội dung khác.", $"Cycle \"{state.Id}\" already exists with different content.");
        }

        var d = create.Definition;
        var problems = CycleDefinitionRules.Problems(d, CycleCalendar.IsKnown(d.TimeZone) ? new CycleCalendar(d.TimeZone).Today(now) : DateOnly.FromDateTime(now.UtcDateTime));
        if (problems.Count == 0 && CycleDefinitionRules.TieBreakerProblem(d, Rubrics.RubricReader.Read(d.RubricJson)) is { } tieBreaker)
        {
            problems.Add(tieBreaker);
        }

        return problems.Count > 0
            ? Decision.Refuse(RefusalKind.Invalid, string.Join(" ", problems.Select(p => p.Split(" / ")[0])), string.Join(" ", problems.Select(p => p.Split(" / ")[1])))
            : Decision.Of(new CycleCreated(d) { At = now, By = create.By });
    }

    private static bool Same(CycleDefinition a, CycleDefinition b) =>
        System.Text.Json.JsonSerializer.Serialize(a, CycleJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, CycleJson.Options);

    private static Decision Announced(CycleState state, CompleteAnnouncement done, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Announcing)
        {
            return Decision.Nothing;
        }

        var fresh = done.UnitIds.Where(id => state.Units.TryGetValue(id, out var u) && !u.Announced).Distinct().ToList();
        if (fresh.Count == 0)
        {
            return Decision.Nothing;
        }

        var events = new List<CycleEvent> { new UnitsAnnounced(fresh) { At = now, By = done.By } };
        if (state.Units.Count - state.AnnouncedUnits == fresh.Count)
        {
            events.Add(new CollectingOpened { At = now, By = "system" });
        }

        return new Decision(events);
    }

    private static Decision Submit(CycleState state, RecordSubmission submission, DateTimeOffset now)
    {
        if (!state.Units.TryGetValue(submission.UnitId, out var unit))
        {
            return UnknownUnit(submission.UnitId);
        }

        // A unit may upload as soon as its own announcement went out, while the others are still being announced.
        if (!state.AcceptsSubmissionsFrom(unit))
        {
            return WrongPhase(state, "nộp phiếu", "submit");
        }

        if (unit.SubmissionId == submission.SubmissionId)
        {
            return Decision.Nothing;
        }

        if (!state.IsOpenFor(unit, now))
        {
            return Decision.Refuse(RefusalKind.Conflict,
                $"Đã quá hạn nộp ({state.DeadlineOf(unit):dd/MM/yyyy}); hãy liên hệ bộ phận CNTT để được mở lại.",
                $"The deadline ({state.DeadlineOf(unit):yyyy-MM-dd}) has passed; contact the IT office to be reopened.");
        }

        return Decision.Of(new SubmissionRecorded(unit.Info.Id, submission.SubmissionId, submission.SelfScores, state.IsLateFor(unit, now)) { At = now, By = submission.By });
    }

    private static Decision Extend(CycleState state, ExtendDeadline extend, DateTimeOffset now)
    {
        if (state.Phase is not (CyclePhase.Draft or CyclePhase.Announcing or CyclePhase.Collecting))
        {
            return WrongPhase(state, "gia hạn", "extend the deadline");
        }

        if (NeedsReason(extend.Reason) is { } missing)
        {
            return missing;
        }

        UnitProgress? unit = null;
        if (extend.UnitId is not null && !state.Units.TryGetValue(extend.UnitId, out unit))
        {
            return UnknownUnit(extend.UnitId);
        }

        var current = unit is null ? state.Deadline : state.DeadlineOf(unit);
        if (extend.Deadline <= current || extend.Deadline >= state.Definition!.AppraisalStart)
        {
            return Decision.Refuse(RefusalKind.Invalid,
                $"Hạn mới phải sau {current:dd/MM/yyyy} và trước ngày bắt đầu thẩm định {state.Definition!.AppraisalStart:dd/MM/yyyy}.",
                $"The new deadline must be after {current:yyyy-MM-dd} and before the appraisal starts on {state.Definition!.AppraisalStart:yyyy-MM-dd}.");
        }

        return Decision.Of(new DeadlineExtended(extend.UnitId, extend.Deadline, extend.Reason) { At = now, By = extend.By });
    }

    private static Decision Reopen(CycleState state, ReopenUnit reopen, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Collecting)
        {
            return WrongPhase(state, "mở lại cho đơn vị", "reopen a unit");
        }

        if (!state.Units.ContainsKey(reopen.UnitId))
        {
            return UnknownUnit(reopen.UnitId);
        }

        if (reopen.Until < state.Calendar.Today(now) || reopen.Until >= state.Definition!.AppraisalStart)
        {
            return Decision.Refuse(RefusalKind.Invalid, "Ngày mở lại phải từ hôm nay đến trước ngày bắt đầu thẩm định.",
                "Reopen until a day from today up to before the appraisal starts.");
        }

        return NeedsReason(reopen.Reason) ?? Decision.Of(new UnitReopened(reopen.UnitId, reopen.Until, reopen.Reason) { At = now, By = reopen.By });
    }

    private static Decision Reissue(CycleState state, ReissueUnitLink reissue, DateTimeOffset now)
    {
        if (state.Phase is CyclePhase.Draft or CyclePhase.Terminated)
        {
            return WrongPhase(state, "cấp lại đường dẫn", "reissue a link");
        }

        if (!state.Units.TryGetValue(reissue.UnitId, out var unit))
        {
            return UnknownUnit(reissue.UnitId);
        }

        var emails = reissue.Emails?.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (emails?.Count > CycleDefinitionRules.MaxEmailsPerUnit)
        {
            return Decision.Refuse(RefusalKind.Invalid, $"Tối đa {CycleDefinitionRules.MaxEmailsPerUnit} địa chỉ thư cho một đơn vị.", $"At most {CycleDefinitionRules.MaxEmailsPerUnit} email addresses per unit.");
        }

        if (emails?.FirstOrDefault(e => !ItEval.Email.EmailAddresses.IsValid(e)) is { } bad)
        {
            bad = ItEval.Email.EmailAddresses.HeaderSafe(bad);
            return Decision.Refuse(RefusalKind.Invalid, $"Địa chỉ thư \"{bad}\" không hợp lệ.", $"The email address \"{bad}\" is not valid.");
        }

        return NeedsReason(reissue.Reason) ?? Decision.Of(new UnitLinkReissued(unit.Info.Id, unit.LinkGeneration + 1, reissue.Reason, emails is { Count: > 0 } ? emails : null)
        {
            At = now,
            By = reissue.By,
        });
    }

    /// <summary>At most this many blackout days per unit, so one unit cannot block the plan.</summary>
    public const int MaxBlackoutDays = 10;

    private static Decision Blackout(CycleState state, DeclareBlackoutDates blackout, DateTimeOffset now)
    {
        if (!state.Units.TryGetValue(blackout.UnitId, out var unit))
        {
            return UnknownUnit(blackout.UnitId);
        }

        if (state.Phase is not (CyclePhase.Announcing or CyclePhase.Collecting))
        {
            return Decision.Refuse(RefusalKind.WrongPhase, "Đã bắt đầu lập lịch thẩm định; không thể đổi ngày bận nữa, hãy liên hệ bộ phận CNTT.",
                "Visit scheduling has started; busy days can no longer be changed. Contact the IT office.");
        }

        var cycle = state.Definition!;
        var days = blackout.Days.Distinct().Order().ToList();
        var preferred = (blackout.Preferred ?? []).Distinct().Order().ToList();
        if (preferred.Intersect(days).Select(d => (DateOnly?)d).FirstOrDefault() is { } both)
        {
            return Decision.Refuse(RefusalKind.Invalid, $"Ngày {both:dd/MM/yyyy} vừa là ngày bận vừa là ngày mong muốn; hãy chọn một.",
                $"{both:yyyy-MM-dd} is both busy and preferred; choose one.");
        }

        if (days.Concat(preferred).Where(d => d < cycle.AppraisalStart || d > cycle.AppraisalEnd).Select(d => (DateOnly?)d).FirstOrDefault() is { } outside)
        {
            return Decision.Refuse(RefusalKind.Invalid,
                $"Ngày {outside:dd/MM/yyyy} nằm ngoài thời gian thẩm định ({cycle.AppraisalStart:dd/MM/yyyy}–{cycle.AppraisalEnd:dd/MM/yyyy}).",
                $"{outside:yyyy-MM-dd} is outside the appraisal window ({cycle.AppraisalStart:yyyy-MM-dd} to {cycle.AppraisalEnd:yyyy-MM-dd}).");
        }

        var calendar = cycle.WorkingCalendar;
        if (days.Concat(preferred).Where(day => !calendar.IsWorkingDay(day)).Select(day => (DateOnly?)day).FirstOrDefault() is { } restDay)
        {
            return Decision.Refuse(RefusalKind.Invalid, $"Ngày {restDay:dd/MM/yyyy} không phải ngày làm việc; chỉ chọn ngày làm việc.",
                $"{restDay:yyyy-MM-dd} is not a working day; choose working days only.");
        }

        if (days.Count > MaxBlackoutDays || preferred.Count > MaxBlackoutDays)
        {
            return Decision.Refuse(RefusalKind.Invalid, $"Chỉ được chọn tối đa {MaxBlackoutDays} ngày bận và {MaxBlackoutDays} ngày mong muốn.",
                $"Choose at most {MaxBlackoutDays} busy days and {MaxBlackoutDays} preferred days.");
        }

        return days.SequenceEqual(unit.BlackoutDates) && preferred.SequenceEqual(unit.PreferredDates) ? Decision.Nothing
            : Decision.Of(new BlackoutDatesDeclared(unit.Info.Id, days, preferred.Count > 0 ? preferred : null) { At = now, By = blackout.By });
    }

    private static Decision AdvanceCollecting(CycleState state, Advance advance, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Collecting)
        {
            return WrongPhase(state, "chuyển giai đoạn", "advance");
        }

        if (NeedsReason(advance.Reason) is { } noReason)
        {
            return noReason;
        }

        var missing = state.Units.Count - state.SubmittedUnits;
        return missing > 0 && !advance.EvenIfMissing
            ? Decision.Refuse(RefusalKind.Conflict,
                $"Còn {missing} đơn vị chưa nộp; hãy chờ hết hạn nộp, gia hạn, hoặc dùng \"Kết thúc thu phiếu ngay\".",
                $"{missing} units have not submitted; wait for the deadline, extend it, or use \"End collection now\".")
            : Decision.Of(new CollectingClosed($"admin: {advance.Reason.Trim()}" + (missing > 0 ? $" ({missing} đơn vị chưa nộp)" : "")) { At = now, By = advance.By });
    }

    private static Decision Scheduled(CycleState state, CompleteScheduling scheduled, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Scheduling || state.VisitsPlanned)
        {
            return Decision.Nothing;
        }

        return scheduled.Visits is { } visits
            ? Decision.Of(new VisitsPlanned(visits) { At = now, By = scheduled.By })
            : state.SchedulingProblem == scheduled.ProblemVi ? Decision.Nothing
            : Decision.Of(new SchedulingFailed(scheduled.ProblemVi ?? "", scheduled.ProblemEn ?? "") { At = now, By = scheduled.By });
    }

    private static Decision Change(CycleState state, ChangeVisits change, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Appraising || !state.VisitsPlanned)
        {
            return WrongPhase(state, "đổi lịch thẩm định", "change the visit plan");
        }

        if (NeedsReason(change.Reason) is { } noReason)
        {
            return noReason;
        }

        if (change.PlanVersion != state.VisitPlanVersion)
        {
            return Decision.Refuse(RefusalKind.Conflict, "Lịch thẩm định vừa được người khác thay đổi; hãy tải lại và thử lại.",
                "The visit plan was just changed by someone else; reload and try again.");
        }

        if (change.By.StartsWith("unit:", StringComparison.Ordinal)
            && change.Visits.Any(v => state.Units.TryGetValue(v.UnitId, out var moved) && moved.Info.Code == change.By["unit:".Length..] && moved.VisitVersion >= MaxUnitVisitMoves))
        {
            return Decision.Refuse(RefusalKind.Conflict, $"Đơn vị đã đổi lịch thẩm định {MaxUnitVisitMoves} lần; nếu cần đổi nữa, hãy liên hệ bộ phận CNTT.",
                $"Your unit has moved its visit {MaxUnitVisitMoves} times; to move it again, contact the IT office.");
        }

        if (VisitChecks.Problem(state, change) is { } problem)
        {
            return Decision.Refuse(RefusalKind.Invalid, problem.Vi, problem.En);
        }

        return change.Visits.Count == 0 && change.DroppedMemberId is null && change.DroppedTeamId is null
            ? Decision.Nothing
            : Decision.Of(new VisitsChanged(change.Visits, change.Reason.Trim(), change.DroppedMemberId, change.DroppedTeamId) { At = now, By = change.By });
    }

    /// <summary>Times a unit may move its own visit through its link (each move emails it and the team).</summary>
    public const int MaxUnitVisitMoves = 3;

    private static Decision ChangeWindow(CycleState state, ChangeAppraisalWindow window, DateTimeOffset now)
    {
        if (state.Phase is not (CyclePhase.Draft or CyclePhase.Announcing or CyclePhase.Collecting or CyclePhase.Scheduling) || state.VisitsPlanned)
        {
            return WrongPhase(state, "đổi thời gian thẩm định", "change the appraisal window");
        }

        if (window.Start > window.End || window.Start <= state.Deadline || window.VisitsPerDay is < 1 or > CycleDefinitionRules.MaxVisitsPerDay
            || window.End > new DateOnly(state.Definition!.Year + 2, 12, 31))
        {
            return Decision.Refuse(RefusalKind.Invalid, "Thời gian thẩm định không hợp lệ.", "The appraisal window is not valid.");
        }

        return NeedsReason(window.Reason) ?? Decision.Of(new AppraisalWindowChanged(window.Start, window.End, window.VisitsPerDay, window.Reason) { At = now, By = window.By });
    }

    private static Decision SetPlanning(CycleState state, SetVisitPlanning planning, DateTimeOffset now)
    {
        if (state.VisitsPlanned)
        {
            return Decision.Refuse(RefusalKind.WrongPhase, "Lịch thẩm định đã lập: địa bàn xa, nhóm lân cận và ngày làm bù không đổi được nữa; hãy dời từng buổi thẩm định.",
                "The visit plan is made: far districts, neighbour groups and make-up days can no longer change; move single visits instead.");
        }

        if (state.Phase is not (CyclePhase.Draft or CyclePhase.Announcing or CyclePhase.Collecting or CyclePhase.Scheduling or CyclePhase.Suspended))
        {
            return WrongPhase(state, "đổi địa bàn cho lịch thẩm định", "change the visit planning");
        }

        if (planning.Reason?.Length > MaxReasonLength)
        {
            return NeedsReason(planning.Reason)!;
        }

        var settings = planning.Settings.Normalized().InRosterSpelling(state.Definition!.Units);
        if (settings.Problems(state.Definition!.Units) is [var problem, ..])
        {
            var (vi, en) = problem.Split(" / ", 2) is [var v, var e] ? (v, e) : (problem, problem);
            return Decision.Refuse(RefusalKind.Invalid, vi, en);
        }

        return JsonEquals(settings, VisitPlanningSettings.Of(state.Definition!).Normalized()) ? Decision.Nothing
            : Decision.Of(new VisitPlanningSet(settings, string.IsNullOrWhiteSpace(planning.Reason) ? null : planning.Reason.Trim()) { At = now, By = planning.By });
    }

    /// <summary>Records with lists compare by reference; their JSON compares by content.</summary>
    private static bool JsonEquals<T>(T a, T b) =>
        System.Text.Json.JsonSerializer.Serialize(a, CycleJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, CycleJson.Options);

    private static Decision Appraise(CycleState state, RecordAppraisal appraisal, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Appraising)
        {
            return WrongPhase(state, "ghi kết quả thẩm định", "record an appraisal");
        }

        if (Scores(state, appraisal.UnitId, appraisal.Scores) is { } refusal)
        {
            return refusal;
        }

        // The last appraisal does not close the phase: the admin reviews every unit and closes with a reason.
        return Scope(state, appraisal.UnitId, appraisal.AppraiserEmail)
            ?? Decision.Of(new AppraisalRecorded(appraisal.UnitId, appraisal.Scores) { At = now, By = appraisal.By });
    }

    /// <summary>
    /// Who may record a unit's scores: admins (and the system) any unit; a team member only a unit whose
    /// visit they are on, and never one they have a conflict of interest with.
    /// </summary>
    private static Decision? Scope(CycleState state, string unitId, string? appraiserEmail)
    {
        if (appraiserEmail is null)
        {
            return null;
        }

        var member = state.Definition!.MemberByEmail(appraiserEmail);
        if (member is null)
        {
            return Decision.Refuse(RefusalKind.Forbidden, "Tài khoản của bạn không thuộc tổ thẩm định của kỳ đánh giá này (thư điện tử không khớp thành viên nào).",
                "Your account is not a member of this cycle's appraisal team (its email matches no member).");
        }

        if (member.ConflictsWith(unitId))
        {
            return Decision.Refuse(RefusalKind.Forbidden, $"{member.Name} có xung đột lợi ích với đơn vị này nên không chấm điểm đơn vị này.",
                $"{member.Name} has a conflict of interest with this unit and does not score it.");
        }

        return state.Units[unitId].Visit!.TeamMemberIds.Contains(member.Id, StringComparer.Ordinal) ? null
            : Decision.Refuse(RefusalKind.Forbidden, $"{member.Name} không có trong đoàn thẩm định đơn vị này; chỉ thành viên của buổi làm việc hoặc quản trị được chấm điểm.",
                $"{member.Name} is not on this unit's visit; only members of the visit or admins may score it.");
    }

    /// <summary>
    /// Phúc khảo: after publication, and again while the next edition is being ranked (several accepted
    /// complaints make one new edition). Answering a complaint, only its criteria.
    /// </summary>
    private static Decision Reappraisal(CycleState state, Reappraise re, DateTimeOffset now)
    {
        if (state.PublishedEdition == 0 || state.Phase is not (CyclePhase.Published or CyclePhase.Ranking))
        {
            return WrongPhase(state, "phúc khảo", "re-appraise");
        }

        if (re.ComplaintId is { } id)
        {
            if (!state.Complaints.TryGetValue(id, out var complaint) || complaint.UnitId != re.UnitId || complaint.Status != ComplaintStatus.Accepted)
            {
                return Decision.Refuse(RefusalKind.Conflict, "Không có kiến nghị đã chấp nhận nào như vậy của đơn vị này.", "This unit has no such accepted complaint.");
            }

            if (re.Scores.FirstOrDefault(s => !complaint.CriterionCodes.Contains(s.CriterionCode)) is { } other)
            {
                return Decision.Refuse(RefusalKind.Invalid, $"Tiêu chí {other.CriterionCode} không nằm trong kiến nghị.", $"Criterion {other.CriterionCode} is not part of the complaint.");
            }
        }

        return NeedsReason(re.Reason) ?? Scores(state, re.UnitId, re.Scores) ?? Scope(state, re.UnitId, re.AppraiserEmail)
            ?? Decision.Of(new ReappraisalRecorded(re.UnitId, re.Scores, re.Reason, re.ComplaintId) { At = now, By = re.By });
    }

    /// <summary>At most this many complaints per unit and cycle, each about at most this many criteria.</summary>
    public const int MaxComplaintsPerUnit = 3;

    private static Decision Complain(CycleState state, FileComplaint complaint, DateTimeOffset now)
    {
        if (!state.Units.TryGetValue(complaint.UnitId, out var unit))
        {
            return UnknownUnit(complaint.UnitId);
        }

        if (state.Complaints.TryGetValue(complaint.ComplaintId, out var same))
        {
            return same.UnitId == complaint.UnitId ? Decision.Nothing
                : Decision.Refuse(RefusalKind.Conflict, "Mã kiến nghị đã được dùng.", "The complaint id is taken.");
        }

        if (!state.TakesComplaints(now))
        {
            return Decision.Refuse(RefusalKind.WrongPhase,
                state.ComplaintsCloseAt is { } end ? $"Đã hết thời hạn gửi kiến nghị ({state.Calendar.Today(end.AddTicks(-1)):dd/MM/yyyy})." : "Chưa công bố kết quả nên chưa thể gửi kiến nghị.",
                state.ComplaintsCloseAt is { } endEn ? $"Complaints closed on {state.Calendar.Today(endEn.AddTicks(-1)):yyyy-MM-dd}." : "Results are not published yet, so no complaint can be filed.");
        }

        var mine = state.Complaints.Values.Where(c => c.UnitId == unit.Info.Id).ToList();
        if (mine.Any(c => c.Status == ComplaintStatus.Filed))
        {
            return Decision.Refuse(RefusalKind.Conflict, "Đơn vị đã có một kiến nghị đang chờ xem xét; hãy chờ kết quả trước khi gửi kiến nghị khác.",
                "The unit already has a complaint waiting for a decision; wait for it before filing another.");
        }

        if (mine.Count >= MaxComplaintsPerUnit)
        {
            return Decision.Refuse(RefusalKind.Conflict, $"Mỗi đơn vị gửi tối đa {MaxComplaintsPerUnit} kiến nghị.", $"A unit files at most {MaxComplaintsPerUnit} complaints.");
        }

        var codes = complaint.CriterionCodes.Distinct(StringComparer.Ordinal).ToList();
        var leaves = state.Rubric.Leaves.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Count == 0)
        {
            return Decision.Refuse(RefusalKind.Invalid, "Hãy chọn ít nhất một tiêu chí của bộ tiêu chí để kiến nghị.", "Choose at least one criterion of the rubric.");
        }

        if (codes.FirstOrDefault(c => !leaves.Contains(c)) is { } unknown)
        {
            unknown = unknown.Length > 20 ? unknown[..20] + "…" : unknown;
            return Decision.Refuse(RefusalKind.Invalid, $"Tiêu chí \"{unknown}\" không có trong bộ tiêu chí (hoặc không được chấm trực tiếp).", $"Criterion \"{unknown}\" is not a scored line of the rubric.");
        }

        return NeedsReason(complaint.Reason)
            ?? Decision.Of(new ComplaintFiled(complaint.ComplaintId, unit.Info.Id, codes, complaint.Reason.Trim(), complaint.Files) { At = now, By = complaint.By });
    }

    private static Decision Decide(CycleState state, DecideComplaint decide, DateTimeOffset now)
    {
        if (state.IsFinished || state.Phase == CyclePhase.Suspended)
        {
            return WrongPhase(state, "xem xét kiến nghị", "decide a complaint");
        }

        if (!state.Complaints.TryGetValue(decide.ComplaintId, out var complaint))
        {
            return Decision.Refuse(RefusalKind.NotFound, $"Không có kiến nghị \"{decide.ComplaintId}\".", $"There is no complaint \"{decide.ComplaintId}\".");
        }

        if (complaint.Status != ComplaintStatus.Filed)
        {
            return Decision.Refuse(RefusalKind.Conflict, "Kiến nghị này đã được xem xét.", "This complaint has already been decided.");
        }

        return NeedsReason(decide.Reason) ?? Decision.Of(new ComplaintDecided(complaint.Id, complaint.UnitId, decide.Accept, decide.Reason.Trim()) { At = now, By = decide.By });
    }

    /// <summary>Closing ends the cycle for good: not while units may still complain or a complaint is open.</summary>
    private static Decision Close(CycleState state, CycleCommand command, DateTimeOffset now)
    {
        if (state.Phase != CyclePhase.Published)
        {
            return WrongPhase(state, "đóng kỳ đánh giá", "close the cycle");
        }

        if (state.OpenComplaints.Count() is var open and > 0)
        {
            return Decision.Refuse(RefusalKind.Conflict, $"Còn {open} kiến nghị chưa giải quyết xong.", $"{open} complaints are not settled yet.");
        }

        if (!state.ComplaintWindowOver && state.ComplaintsCloseAt is { } end && now < end)
        {
            return Decision.Refuse(RefusalKind.Conflict, $"Các đơn vị còn được gửi kiến nghị đến hết ngày {state.Calendar.Today(end.AddTicks(-1)):dd/MM/yyyy}.",
                $"Units may file complaints until the end of {state.Calendar.Today(end.AddTicks(-1)):yyyy-MM-dd}.");
        }

        return Decision.Of(new CycleClosed { At = now, By = command.By });
    }

    /// <summary>Every appraised score checked against the rubric and the unit's self-score.</summary>
    private static Decision? Scores(CycleState state, string unitId, IReadOnlyList<AppraisedScore> scores)
    {
        if (!state.Units.TryGetValue(unitId, out var unit) || unit.Visit is null)
        {
            return Decision.Refuse(RefusalKind.NotFound, $"Đơn vị \"{unitId}\" không có trong lịch thẩm định.", $"Unit \"{unitId}\" is not on the visit plan.");
        }

        var problems = scores.SelectMany(s => AppraisalRules.Check(state.Rubric, s, unit.SelfScores.TryGetValue(s.CriterionCode, out var self) ? self : null)).ToList();
        return problems.Count == 0 ? null
            : Decision.Refuse(RefusalKind.Invalid, string.Join(" ", problems.Select(p => p.Vi)), string.Join(" ", problems.Select(p => p.En)));
    }

    private static Decision Retry(CycleState state, RetryFailedWork retry, DateTimeOffset now)
    {
        if (state.Phase == CyclePhase.Terminated)
        {
            return WrongPhase(state, "chạy lại công việc lỗi", "retry failed work");
        }

        if (retry.Items.Count == 0 || retry.Items.Any(i => !state.FailedWork.ContainsKey(i.WorkId)))
        {
            return Decision.Refuse(RefusalKind.Conflict, "Không có công việc lỗi nào như vậy để chạy lại.", "There is no such failed work to retry.");
        }

        return NeedsReason(retry.Reason) ?? Decision.Of(new FailedWorkRetried(retry.Items, retry.Reason) { At = now, By = retry.By });
    }

    private static Decision UnknownUnit(string unitId) => Decision.Refuse(RefusalKind.NotFound,
        $"Không có đơn vị \"{unitId}\" trong kỳ đánh giá.", $"Unit \"{unitId}\" is not in this cycle.");

    /// <summary>Reasons are recorded in the history for good: required, and at most this long.</summary>
    public const int MaxReasonLength = 2000;

    private static Decision? NeedsReason(string? reason) => string.IsNullOrWhiteSpace(reason)
        ? Decision.Refuse(RefusalKind.Invalid, "Cần ghi lý do.", "A reason is required.")
        : reason.Length > MaxReasonLength
            ? Decision.Refuse(RefusalKind.Invalid, $"Lý do tối đa {MaxReasonLength} ký tự.", $"A reason is at most {MaxReasonLength} characters.")
            : null;

    private static Decision WrongPhase(CycleState state, string actionVi, string actionEn) => Decision.Refuse(RefusalKind.WrongPhase,
        $"Không thể {actionVi} khi kỳ đánh giá đang ở giai đoạn {CycleWords.Phase(state.Phase, "vi")}.",
        $"Cannot {actionEn} while the cycle is in phase \"{CycleWords.Phase(state.Phase, "en")}\".");
}
