using System.Security.Claims;
using System.Text.Json;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Ranking;

namespace ItEval.Web;

/// <summary>
/// The management API of cycles (JSON, admins; appraisals also by appraisers): what Durable Functions'
/// management API offers (start, status, list, raise event, suspend/resume, terminate, history) plus
/// the workflow's own actions. Errors are RFC 9457 problem details with a Vietnamese detail and an
/// English one; a command not allowed in the current phase is 409 naming the phase.
/// </summary>
public static class CycleEndpoints
{
    public static IEndpointRouteBuilder MapCycleEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/cycles").RequireAuthorization(Authentication.AdminPolicy).AddEndpointFilter(KnownIdsOnly);
        admin.MapPost("", CreateAsync);
        admin.MapGet("", ListAsync);
        // Appraisers read what their work needs: the status, the visit plan, a unit's self-scores.
        var appraisers = routes.MapGroup("/api/cycles").RequireAuthorization(Authentication.AppraiserPolicy).AddEndpointFilter(KnownIdsOnly);
        appraisers.MapGet("/{id}", StatusAsync);
        appraisers.MapGet("/{id}/plan", PlanAsync);
        appraisers.MapGet("/{id}/units/{unitId}", UnitAsync);
        admin.MapGet("/{id}/history", HistoryAsync);
        admin.MapPost("/{id}/start", (string id, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new StartCycle { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/suspend", (string id, Json<ReasonRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new SuspendCycle(request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/resume", (string id, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new ResumeCycle { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/terminate", (string id, Json<ReasonRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new TerminateCycle(request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/extend-deadline", (string id, Json<ExtendDeadlineRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new ExtendDeadline(request.Value.UnitId, request.Value.Deadline, request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/reopen", (string id, Json<ReopenRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new ReopenUnit(request.Value.UnitId, request.Value.Until, request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/advance", (string id, Json<AdvanceRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new Advance(request.Value.Reason ?? "") { By = Who(http), EvenIfMissing = request.Value.EvenIfMissing == true }, engine, ct));
        admin.MapPost("/{id}/appraisal-window", (string id, Json<AppraisalWindowRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new ChangeAppraisalWindow(request.Value.Start, request.Value.End, request.Value.VisitsPerDay, request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPut("/{id}/visit-planning", (string id, Json<VisitPlanningRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new SetVisitPlanning(request.Value.ToSettings(), request.Value.Reason) { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/close-appraisal", (string id, Json<ReasonRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new CloseAppraisal(request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/publish", (string id, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new PublishResults { By = Who(http) }, engine, ct));
        admin.MapPut("/{id}/document-header", (string id, Json<DocumentHeaderRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new SetDocumentHeader(request.Value.ToHeader()) { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/correct-documents", (string id, Json<CorrectDocumentsRequest> request, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new CorrectDocuments((request.Value.Header ?? new DocumentHeaderRequest()).ToHeader(), request.Value.Reason ?? "") { By = Who(http) }, engine, ct));
        admin.MapPost("/{id}/close", (string id, HttpContext http, CycleEngine engine, CancellationToken ct) =>
            Run(id, new CloseCycle { By = Who(http) }, engine, ct));

        admin.MapGet("/{id}/work/failed", async (string id, CycleEngine engine, CancellationToken ct) =>
            await engine.QueryAsync(id, s => s.Exists ? s.FailedWork.Values.OrderBy(f => f.At).ToList() : null, ct) is { } failed
                ? Results.Ok(new { id, items = failed })
                : NotFound(id));
        admin.MapPost("/{id}/work/retry", async (string id, Json<RetryWorkRequest> request, HttpContext http, FailedWorkReplay replay, CancellationToken ct) =>
            Outcome(id, await replay.RetryAsync(id, request.Value.WorkIds, request.Value.Reason ?? "", Who(http), ct)));
        admin.MapPost("/{id}/units/{unitId}/link", ReissueLinkAsync);
        admin.MapGet("/{id}/units/{unitId}/uploads", async (string id, string unitId, ItEval.Uploads.UnitUploads uploads, CancellationToken ct) =>
            Results.Ok(await uploads.ListAsync(id, unitId, ct)));

        routes.MapPost("/api/cycles/{id}/events/{name}", RaiseEventAsync).RequireAuthorization(Authentication.AppraiserPolicy).AddEndpointFilter(KnownIdsOnly);
        return routes;
    }

    /// <summary>
    /// A cycle or unit id that no cycle could have (characters storage keys cannot hold, too long) is
    /// simply not found, before any storage call.
    /// </summary>
    internal static async ValueTask<object?> KnownIdsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        foreach (var name in (string[])["id", "unitId"])
        {
            if (values.TryGetValue(name, out var value) && value is string text && !CycleRequestRules.IsId(text))
            {
                return Results.Problem(title: $"There is no {(name == "id" ? "cycle" : "unit")} \"{text}\".",
                    detail: $"Không có {(name == "id" ? "kỳ đánh giá" : "đơn vị")} \"{text}\".", statusCode: StatusCodes.Status404NotFound);
            }
        }

        return await next(context);
    }

    private static async Task<IResult> CreateAsync(Json<CreateCycleRequest> request, HttpContext http, CycleEngine engine, Microsoft.Extensions.Options.IOptions<FormOptions> limits, CancellationToken ct)
    {
        var (definition, problems) = request.Value.ToDefinition(limits.Value);
        if (definition is null)
        {
            return Results.Problem(title: "The cycle definition is not valid", detail: string.Join("\n", problems),
                statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        var result = await engine.HandleAsync(definition.Id, new CreateCycle(definition) { By = Who(http) }, ct);
        return result.Refusal is { } refusal ? Problem(refusal, result)
            : result.EventsAppended > 0 ? Results.Created($"/api/cycles/{definition.Id}", await engine.QueryAsync(definition.Id, CycleStatusView.Of, ct))
            : Results.Ok(await engine.QueryAsync(definition.Id, CycleStatusView.Of, ct));
    }

    private static async Task<IResult> ListAsync(CycleStore store, string? phase, int? year, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, 100);
        var number = Math.Max(page ?? 1, 1);
        if (phase is not null && !Enum.TryParse<CyclePhase>(phase, ignoreCase: true, out _))
        {
            return Results.Problem(title: $"There is no phase \"{phase}\" ({string.Join(", ", Enum.GetNames<CyclePhase>())}).",
                detail: $"Không có giai đoạn \"{phase}\" ({string.Join(", ", Enum.GetNames<CyclePhase>())}).", statusCode: StatusCodes.Status400BadRequest);
        }

        var cycles = (await store.ListAsync(activeOnly: false, ct))
            .Where(c => phase is null || string.Equals(c.Phase.ToString(), phase, StringComparison.OrdinalIgnoreCase))
            .Where(c => year is null || c.Year == year)
            .OrderByDescending(c => c.Year).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        return Results.Ok(new
        {
            page = number,
            pageSize = size,
            total = cycles.Count,
            items = cycles.Skip((int)Math.Min(int.MaxValue, (number - 1L) * size)).Take(size).Select(c => new { c.Id, c.Year, c.Name, phase = c.Phase.ToString(), c.Units, c.Submitted, c.NextDue, c.LastError }),
        });
    }

    private static async Task<IResult> StatusAsync(string id, CycleEngine engine, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? CycleStatusView.DefaultPageSize, 1, CycleStatusView.MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var status = await engine.QueryAsync(id, s => s.Exists ? CycleStatusView.Of(s, number, size) : null, ct);
        return status is null ? NotFound(id) : Results.Ok(status);
    }

    /// <summary>The visit plan: day, times, unit (with district and contacts) and team, in order.</summary>
    private static async Task<IResult> PlanAsync(string id, CycleEngine engine, Microsoft.Extensions.Options.IOptions<ItEval.Scheduling.VisitHours> hours, CancellationToken ct)
    {
        var plan = await engine.QueryAsync(id, s => !s.Exists ? null : new
        {
            id,
            planned = s.VisitsPlanned,
            problem = s.SchedulingProblem,
            visits = s.Visited.OrderBy(u => u.Visit!.Day).ThenBy(u => u.Visit!.Slot).Select(u =>
            {
                var (start, end) = hours.Value.Of(u.Visit!.Slot);
                return new
                {
                    date = u.Visit.Day,
                    start = start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    end = end.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    unit = new { u.Info.Id, u.Info.Code, u.Info.Name, u.Info.District, u.Info.Emails },
                    team = s.Definition!.Team.Where(m => u.Visit.TeamMemberIds.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToList(),
                };
            }).ToList(),
        }, ct);
        return plan is null ? NotFound(id) : Results.Ok(plan);
    }

    /// <summary>One unit for its appraisal: its visit and, per criterion, the self-score beside any appraised score and reason.</summary>
    private static async Task<IResult> UnitAsync(string id, string unitId, CycleEngine engine, CancellationToken ct)
    {
        var unit = await engine.QueryAsync(id, s => !s.Exists || !s.Units.TryGetValue(unitId, out var u) ? null : new
        {
            u.Info.Id,
            u.Info.Code,
            u.Info.Name,
            u.Info.RankingGroup,
            rankingGroupName = s.Definition!.GroupName(u.Info.RankingGroup),
            u.Info.District,
            u.Info.Emails,
            submitted = u.Submitted,
            u.SubmittedAt,
            visit = u.Visit,
            criteria = s.Rubric.Leaves.Select(l => new
            {
                l.Code,
                name = l.Name.Vi,
                nameEn = l.Name.En,
                l.MaxPoints,
                self = u.SelfScores.TryGetValue(l.Code, out var self) ? self : (decimal?)null,
                appraised = u.Appraisals.TryGetValue(l.Code, out var appraised) ? appraised : null,
            }).ToList(),
        }, ct);
        return unit is null
            ? Results.Problem(title: "Unknown cycle or unit", detail: $"Không có kỳ \"{id}\" hoặc đơn vị \"{unitId}\".", statusCode: StatusCodes.Status404NotFound)
            : Results.Ok(unit);
    }

    private static async Task<IResult> HistoryAsync(string id, CycleStore store, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var number = Math.Max(page ?? 1, 1);
        var events = await store.ReadAsync(id, (number - 1L) * size, ct, take: size);
        if (events.Count == 0 && number == 1)
        {
            return NotFound(id);
        }

        return Results.Ok(new
        {
            page = number,
            pageSize = size,
            items = events.Select(e => new
            {
                sequence = e.Sequence,
                type = e.Type,
                version = e.Version,
                at = e.Event.At,
                by = e.Event.By,
                data = JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), CycleJson.Options),
            }),
        });
    }

    /// <summary>
    /// External events: <c>submission</c> (a self-assessment in the JSON form format, for units without
    /// the upload page), <c>appraisal</c> and <c>reappraisal</c> (per criterion, reason where it differs).
    /// </summary>
    private static async Task<IResult> RaiseEventAsync(string id, string name, HttpContext http, CycleEngine engine, FormReader forms, CancellationToken ct)
    {
        var who = Who(http);
        var admin = http.User.IsInRole(ItEval.Accounts.Roles.Admin);
        // The role decides before the body is read.
        switch (name)
        {
            case "submission" or "reappraisal" when !admin:
                return Results.Forbid();
            case "submission":
                return await SubmitAsync(id, http, engine, forms, who, ct);
            case "appraisal" or "reappraisal":
                var appraisal = await ApiJson.ReadAsync<AppraisalRequest>(http);
                var now = engine.Time.GetUtcNow();
                var scores = appraisal.Scores.Select(s => new AppraisedScore(s.Code, s.Points, s.Reason, who, now)).ToList();
                var scope = http.User.AppraiserScope();
                return name == "appraisal"
                    ? await Run(id, new RecordAppraisal(appraisal.UnitId, scores) { By = who, AppraiserEmail = scope }, engine, ct)
                    : await Run(id, new Reappraise(appraisal.UnitId, scores, appraisal.Reason ?? "", appraisal.ComplaintId) { By = who, AppraiserEmail = scope }, engine, ct);
            default:
                return Results.Problem(title: "Unknown event", detail: $"Sự kiện \"{name}\" không được hỗ trợ (submission, appraisal, reappraisal).", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>A self-assessment in the JSON form format, for units without the upload page; checked exactly as an upload is.</summary>
    private static async Task<IResult> SubmitAsync(string id, HttpContext http, CycleEngine engine, FormReader forms, string who, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The self-assessment must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await ItEval.Hosting.BoundedRead.ReadAsync(http.Request.Body, forms.MaxFileBytes, ct);
        if (body is null)
        {
            return Results.Problem(title: "The self-assessment is too large", detail: $"Phiếu tự đánh giá lớn hơn giới hạn {forms.MaxFileBytes / 1024 / 1024} MB.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        string unitId;
        try
        {
            using var document = JsonDocument.Parse(body);
            unitId = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("unitId", out var u) && u.ValueKind == JsonValueKind.String
                ? u.GetString()! : throw new JsonException("a JSON object with a unitId is expected", "$.unitId", null, null);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The self-assessment is not JSON.", StatusCodes.Status400BadRequest, ex);
        }

        var context = await engine.QueryAsync(id, s => s.Exists && s.Units.TryGetValue(unitId, out var unit) ? s.FormOf(unit) : null, ct);
        if (context is null)
        {
            return Results.Problem(title: "Unknown cycle or unit", detail: $"Không có kỳ \"{id}\" hoặc đơn vị \"{unitId}\".", statusCode: StatusCodes.Status404NotFound);
        }

        var read = forms.Read(body, "submission.json", context);
        if (!read.Accepted)
        {
            return Results.Problem(title: "The self-assessment is not valid", detail: string.Join("\n", read.Problems.Select(p => p.Vi)),
                statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["problems"] = read.Problems });
        }

        var submissionId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16];
        return await Run(id, new RecordSubmission(unitId, submissionId, read.Assessment!.Points) { By = who }, engine, ct);
    }

    /// <summary>The unit's old links stop working at once; the new one is emailed to the unit and returned to the admin.</summary>
    private static async Task<IResult> ReissueLinkAsync(string id, string unitId, Json<ReissueLinkRequest> request, HttpContext http, CycleEngine engine, ItEval.Links.UnitLinks links, CancellationToken ct)
    {
        var result = await engine.HandleAsync(id, new ReissueUnitLink(unitId, request.Value.Reason ?? "", request.Value.Emails) { By = Who(http) }, ct);
        if (result.Refusal is { } refusal)
        {
            return Problem(refusal, result);
        }

        var link = await engine.QueryAsync(id, s => links.UnitUrl(s, s.Units[unitId]), ct);
        return Results.Ok(new { id, unitId, link, version = result.Version });
    }

    private static async Task<IResult> Run(string id, CycleCommand command, CycleEngine engine, CancellationToken ct) =>
        Outcome(id, await engine.HandleAsync(id, command, ct));

    internal static IResult Outcome(string id, CommandResult result) => result.Refusal is { } refusal ? Problem(refusal, result)
        : Results.Ok(new { id, phase = result.Phase.ToString(), version = result.Version, changed = result.EventsAppended > 0 });

    internal static IResult Problem(Refusal refusal, CommandResult result) => Results.Problem(
        title: refusal.En,
        detail: refusal.Vi,
        statusCode: refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Invalid => StatusCodes.Status422UnprocessableEntity,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        },
        extensions: new Dictionary<string, object?> { ["phase"] = result.Exists ? result.Phase.ToString() : null, ["detailEn"] = refusal.En });

    internal static IResult NotFound(string id) =>
        Results.Problem(title: $"There is no cycle \"{id}\".", detail: $"Không có kỳ đánh giá \"{id}\".", statusCode: StatusCodes.Status404NotFound);

    internal static string Who(HttpContext http) => http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
}
