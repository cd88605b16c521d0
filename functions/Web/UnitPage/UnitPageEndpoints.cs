using System.Security.Cryptography;
using System.Text;
using Azure;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Hosting;
using ItEval.Links;
using ItEval.Ranking;
using ItEval.Uploads;

namespace ItEval.Web.UnitPage;

/// <summary>
/// The unit's page behind its signed link (<c>/u/{token}</c>): status, form download, form and evidence
/// uploads, busy days, result. No account: the link is the credential, so a refused link gets one plain
/// 403 page that reveals nothing, is logged without the token, and counts against the client's address.
/// Responses are never cached and never send the link on as a referrer.
/// </summary>
public static class UnitPageEndpoints
{
    public static IEndpointRouteBuilder MapUnitPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/assets/{name}", Asset);
        // Headers (no-store, no-referrer, strict CSP, no framing) come from SecurityHeaders, as on every page.
        var unit = routes.MapGroup("/u/{token}");
        unit.MapGet("", (string token, string? lang, int? saved, int? complained, HttpContext http, UnitPageServices s, CancellationToken ct) =>
            Gate(http, token, s, async access =>
            {
                if (!access.OpenedBefore)
                {
                    // Once per unit: the IT office sees who has opened the link.
                    await s.Engine.HandleAsync(access.CycleId, new RecordLinkOpened(access.UnitId) { By = $"unit:{access.UnitCode}" }, ct);
                }

                return await Page(access, new UnitPageRequest(token, UnitPageText.Language(lang), Saved: saved == 1, Complained: complained == 1), 200, s, ct);
            }, ct));
        // Mail security scanners check links with HEAD: answered like the page, without counting as an opening.
        unit.MapMethods("", [HttpMethods.Head], (string token, HttpContext http, UnitPageServices s, CancellationToken ct) =>
            Gate(http, token, s, _ => Task.FromResult(Results.Ok()), ct));
        unit.MapGet("/form", (string token, HttpContext http, UnitPageServices s, CancellationToken ct) => Gate(http, token, s, async access =>
        {
            var (bytes, name) = await s.Uploads.FormTemplateAsync(access.CycleId, access.UnitId, ct);
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        }, ct));
        unit.MapGet("/files/{versionId}", (string token, string versionId, HttpContext http, UnitPageServices s, CancellationToken ct) => Gate(http, token, s, async access =>
            await s.Uploads.OpenVersionAsync(access.CycleId, access.UnitId, versionId, ct) is { } file
                ? Results.File(file.Content, "application/octet-stream", file.Version.FileName)
                : Results.NotFound(), ct));
        unit.MapPost("/form", (string token, string? lang, HttpContext http, UnitPageServices s, CancellationToken ct) => Gate(http, token, s, access =>
            Upload(http, access, token, UnitPageText.Language(lang), s, s.Uploads.Limits.Form, (name, stream) => s.Uploads.UploadFormAsync(access.CycleId, access.UnitId, name, stream, ct), ct), ct));
        unit.MapPost("/evidence", (string token, string? lang, HttpContext http, UnitPageServices s, CancellationToken ct) => Gate(http, token, s, access =>
            Upload(http, access, token, UnitPageText.Language(lang), s, s.Uploads.Limits.Evidence, (name, stream) =>
                s.Uploads.UploadEvidenceAsync(access.CycleId, access.UnitId, http.Request.Form["criterion"], name, stream, ct), ct), ct));
        unit.MapPost("/blackout", (string token, string? lang, HttpContext http, UnitPageServices s, CancellationToken ct) =>
            Gate(http, token, s, access => Blackout(http, access, token, UnitPageText.Language(lang), s, ct), ct));
        unit.MapPost("/visit", (string token, string? lang, HttpContext http, UnitPageServices s, CancellationToken ct) =>
            Gate(http, token, s, access => MoveVisit(http, access, token, UnitPageText.Language(lang), s, ct), ct));
        unit.MapGet("/result.pdf", (string token, HttpContext http, UnitPageServices s, CancellationToken ct) => Gate(http, token, s, async access =>
        {
            // The latest published edition, also while complaints are ranked into the next one.
            var edition = await s.Engine.QueryAsync(access.CycleId, state => state.PublishedEdition, ct);
            return edition > 0 && await s.Sheets.GetAsync(access.CycleId, edition, access.UnitId, ct) is { } pdf
                ? Results.File(pdf, "application/pdf", $"phieu-ket-qua-{access.UnitCode}-lan-{edition}.pdf")
                : RefusedPage(s, 404, "Chưa có kết quả", "Kết quả chưa được công bố.", "The results are not published yet.");
        }, ct));
        // A complaint may carry its 5 files of the largest evidence size: more than Kestrel's default request size.
        var complaintBytes = routes.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadOptions>>().Value.MaxEvidenceBytes * MaxFilesPerComplaint + (1 << 20);
        unit.MapPost("/complaint", (string token, string? lang, HttpContext http, UnitPageServices s, CancellationToken ct) =>
            Gate(http, token, s, access => Complain(http, access, token, UnitPageText.Language(lang), s, ct), ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(complaintBytes));
        return routes;
    }

    /// <summary>At most this many files in one complaint (the unit's total is bounded too).</summary>
    public const int MaxFilesPerComplaint = 5;

    /// <summary>
    /// Kiến nghị, checked before anything is stored: the cycle's own rules (without the files), then every
    /// file as evidence is checked; only then are the files kept (their places taken together) and the
    /// complaint filed. Its id comes from its content, so the same complaint sent twice is filed once and
    /// two different ones sent at once cannot share an id: the second is refused (one waits at a time),
    /// and the places its files took are given back.
    /// </summary>
    private static async Task<IResult> Complain(HttpContext http, UnitAccess access, string token, string language, UnitPageServices s, CancellationToken ct)
    {
        Task<IResult> Refuse(int status, string vi, string en) => Answer(http, token, language, s, access, UploadOutcome.Refused(status, vi, en, Where.Complaint), ct);
        var form = await FormAsync(http, ct);
        if (form is null)
        {
            return await Refuse(400, "Không đọc được nội dung kiến nghị (có thể các tệp kèm theo quá lớn); hãy gửi lại với ít tệp hơn.",
                "The complaint could not be read (the attached files may be too large); send it again with fewer files.");
        }

        var posted = form.Files.GetFiles("file").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (posted.Count > MaxFilesPerComplaint)
        {
            return await Refuse(422, $"Mỗi kiến nghị gửi kèm tối đa {MaxFilesPerComplaint} tệp.", $"A complaint carries at most {MaxFilesPerComplaint} files.");
        }

        var codes = form["criterion"].Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // Text the unit typed is shown to people: no control or direction-override characters.
        var reason = EvidenceFiles.PlainText(form["reason"].ToString()).Trim();
        var id = "k-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{access.UnitId}\n{string.Join(",", codes)}\n{reason}")))[..12];
        var now = s.Engine.Time.GetUtcNow();
        var refusal = await s.Engine.QueryAsync(access.CycleId, state => CycleDecider.Decide(state, new FileComplaint(id, access.UnitId, codes, reason, []) { By = "unit" }, now).Refusal, ct);
        if (refusal is not null)
        {
            return await Refuse(refusal.Kind == RefusalKind.Invalid ? 422 : 409, refusal.Vi, refusal.En);
        }

        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var file in posted)
        {
            await using var content = file.OpenReadStream();
            var bytes = await BoundedRead.ReadAsync(content, s.UploadOptions.MaxEvidenceBytes, ct);
            if (s.Uploads.ComplaintFileProblem(file.FileName, bytes) is { } problem)
            {
                return await Answer(http, token, language, s, access, problem with { Problems = [.. problem.Problems.Select(p => p with { Location = Where.Complaint.Key })] }, ct);
            }

            files.Add((file.FileName, bytes!));
        }

        var (stored, full) = await s.Uploads.StoreComplaintFilesAsync(access.CycleId, access.UnitId, id, files, ct);
        if (full is var (fullVi, fullEn))
        {
            return await Refuse(409, fullVi, fullEn);
        }

        if (stored is null)
        {
            return await Refuse(409, $"Đơn vị đã gửi gần đủ {UnitUploads.MaxComplaintFiles} tệp kèm kiến nghị, là số tối đa; hãy gửi ít tệp hơn.",
                $"The unit has nearly sent the {UnitUploads.MaxComplaintFiles} complaint files allowed; send fewer files.");
        }

        var result = await s.Engine.HandleAsync(access.CycleId, new FileComplaint(id, access.UnitId, codes, reason, [.. stored.Select(v => v.Id)]) { By = $"unit:{access.UnitCode}" }, ct);
        if (result.Refusal is { } late)
        {
            await s.Uploads.ReleaseComplaintFilesAsync(access.CycleId, access.UnitId, stored.Count, ct);
            return await Refuse(late.Kind == RefusalKind.Invalid ? 422 : 409, late.Vi, late.En);
        }

        return Results.Redirect($"/u/{token}?lang={language}&complained=1#complaints");
    }

    private static async Task<IResult> Gate(HttpContext http, string token, UnitPageServices s, Func<UnitAccess, Task<IResult>> next, CancellationToken ct)
    {
        var client = ClientAddress(http, s.Hosting, s.LinkOptions);
        UnitAccess? access = null;
        try
        {
            // The link is checked first: a unit with a valid link always gets in, even from an address
            // (an office's shared NAT) that refused attempts have blocked. Only refusals count and block.
            (access, var refusal) = await s.Gate.OpenAsync(token, ct);
            if (access is null)
            {
                if (s.Limiter.IsBlocked(client))
                {
                    http.Response.Headers.RetryAfter = ((int)s.LinkOptions.RefusalWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return RefusedPage(s, 429, "Quá nhiều lần mở đường dẫn không hợp lệ",
                        $"Máy của bạn đã mở quá nhiều đường dẫn không hợp lệ. Hãy thử lại sau {s.LinkOptions.RefusalWindow.TotalMinutes:0} phút, hoặc liên hệ bộ phận CNTT.",
                        $"Too many invalid links were opened from your computer. Try again in {s.LinkOptions.RefusalWindow.TotalMinutes:0} minutes, or contact the IT office.");
                }

                s.Limiter.Refused(client);
                // Never the token: a fingerprint lets the IT office match reports without making the log a key store.
                UnitPageLog.LinkRefused(s.Logger, refusal, client, http.Request.Path.Value?.Replace(token, "…", StringComparison.Ordinal), Fingerprint(token));
                return RefusedPage(s, 403, "Đường dẫn không dùng được",
                    "Đường dẫn này không hợp lệ hoặc đã hết hạn. Hãy liên hệ bộ phận CNTT đã gửi thư cho đơn vị để được cấp đường dẫn mới.",
                    "This link is not valid or has expired. Contact the IT office that emailed your unit for a new link.");
            }

            return await next(access);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException or TimeoutException)
        {
            // Azure.Core reports a storage that stays unreachable through every retry as an AggregateException.
            UnitPageLog.StorageFailed(s.Logger, ex, access?.CycleId ?? "?", access?.UnitId ?? "?");
            const string Vi = "Hệ thống lưu trữ đang gặp sự cố; chưa có gì được ghi nhận. Hãy thử lại sau ít phút.";
            const string En = "Storage is not available; nothing was recorded. Try again in a few minutes.";
            // The plain page needs storage itself; the script's JSON answer does not.
            return access is null || !WantsJson(http)
                ? RefusedPage(s, 503, "Tạm thời không phục vụ được", Vi, En)
                : await Answer(http, token, UnitPageText.Language(http.Request.Query["lang"]), s, access, UploadOutcome.Refused(503, Vi, En), ct);
        }
    }

    private static async Task<IResult> Upload(HttpContext http, UnitAccess access, string token, string language, UnitPageServices s, long limit,
        Func<string, Stream, Task<UploadOutcome>> upload, CancellationToken ct)
    {
        UploadOutcome outcome;
        if (!http.Request.HasFormContentType)
        {
            outcome = UploadOutcome.Refused(400, "Chưa chọn tệp.", "No file was chosen.");
        }
        else
        {
            var file = (await FormAsync(http, ct))?.Files.GetFile("file");
            if (file is null)
            {
                // A body over the server's request limit cannot be read at all: say the limit, as for a file read and found too large.
                outcome = http.Request.ContentLength > limit ? UnitUploads.TooLarge(limit)
                    : UploadOutcome.Refused(400, "Chưa chọn tệp.", "No file was chosen.");
            }
            else
            {
                await using var stream = file.OpenReadStream();
                outcome = await upload(file.FileName, stream);
            }
        }

        return await Answer(http, token, language, s, access, outcome, ct);
    }

    /// <summary>JSON for the page's script; the whole page with the outcome for a plain form post.</summary>
    private static async Task<IResult> Answer(HttpContext http, string token, string language, UnitPageServices s, UnitAccess access, UploadOutcome outcome, CancellationToken ct)
    {
        var en = language == "en";
        if (WantsJson(http))
        {
            var t = UnitPageText.For(language);
            return Results.Json(new
            {
                // Accepted: the form is valid and now current, or the evidence file is kept.
                accepted = outcome.Version is { Accepted: true } && outcome.Problems.Count == 0,
                current = outcome.Current,
                stored = outcome.Version is not null,
                heading = UnitPageText.Heading(outcome, t),
                problems = outcome.Problems.Select(p => en ? p.En : p.Vi),
                version = outcome.Version is { } v ? new { v.Id, v.Sha256, v.Size, v.Late, v.Accepted } : null,
            }, statusCode: outcome.Status);
        }

        return await Page(access, new UnitPageRequest(token, language, outcome), outcome.Status, s, ct);
    }

    private static bool WantsJson(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private static Task<IFormCollection?> FormAsync(HttpContext http, CancellationToken ct) => RequestForms.ReadAsync(http, ct);

    private static async Task<IResult> Blackout(HttpContext http, UnitAccess access, string token, string language, UnitPageServices s, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await FormAsync(http, ct) : null;
        if (form is null)
        {
            return await Answer(http, token, language, s, access,
                UploadOutcome.Refused(400, "Không đọc được các ngày đã chọn; hãy chọn lại rồi bấm Lưu.", "The chosen days could not be read; choose them again and save.", Where.Days), ct);
        }

        var days = new List<DateOnly>();
        var preferred = new List<DateOnly>();
        foreach (var (field, list) in new[] { ("day", days), ("preferred", preferred) })
        {
            foreach (var value in form[field])
            {
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                {
                    return await Answer(http, token, language, s, access, UploadOutcome.Refused(422, $"Ngày \"{value}\" không hợp lệ.", $"\"{value}\" is not a date.", Where.Days), ct);
                }

                list.Add(day);
            }
        }

        // The page's form: one choice per day (free, busy or preferred), so a day can never be both.
        foreach (var (key, values) in form.Where(f => f.Key.StartsWith("choice:", StringComparison.Ordinal)))
        {
            if (!DateOnly.TryParseExact(key["choice:".Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                return await Answer(http, token, language, s, access, UploadOutcome.Refused(422, $"Ngày \"{key["choice:".Length..]}\" không hợp lệ.", $"\"{key["choice:".Length..]}\" is not a date.", Where.Days), ct);
            }

            switch (values.ToString())
            {
                case "busy":
                    days.Add(day);
                    break;
                case "preferred":
                    preferred.Add(day);
                    break;
            }
        }

        var result = await s.Engine.HandleAsync(access.CycleId, new DeclareBlackoutDates(access.UnitId, [.. days.Distinct()]) { By = $"unit:{access.UnitCode}", Preferred = [.. preferred.Distinct()] }, ct);
        return result.Refusal is { } refusal
            ? await Answer(http, token, language, s, access, UploadOutcome.Refused(refusal.Kind == RefusalKind.Invalid ? 422 : 409, refusal.Vi, refusal.En, Where.Days), ct)
            : Results.Redirect($"/u/{token}?lang={language}&saved=1#blackout");
    }

    /// <summary>The unit asks to move its visit to a free day, with a reason; only its visit (or the fewest others) changes.</summary>
    private static async Task<IResult> MoveVisit(HttpContext http, UnitAccess access, string token, string language, UnitPageServices s, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await FormAsync(http, ct) : null;
        if (form is null || !DateOnly.TryParseExact(form["day"].ToString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return await Answer(http, token, language, s, access,
                UploadOutcome.Refused(400, "Chưa chọn được ngày mới; hãy chọn một ngày còn trống.", "No new day was chosen; choose a free day.", Where.Visit), ct);
        }

        var outcome = await s.VisitPlans.MoveAsync(access.CycleId, access.UnitId, day, null, form["reason"].ToString(), $"unit:{access.UnitCode}", ct);
        var refusal = outcome.Unplannable ?? outcome.Result?.Refusal;
        return refusal is not null
            ? await Answer(http, token, language, s, access, UploadOutcome.Refused(refusal.Kind == RefusalKind.Invalid ? 422 : 409, refusal.Vi, refusal.En, Where.Visit), ct)
            : Results.Redirect($"/u/{token}?lang={language}&saved=1#visit");
    }

    private static async Task<IResult> Page(UnitAccess access, UnitPageRequest request, int status, UnitPageServices s, CancellationToken ct)
    {
        var uploads = await s.Uploads.ListAsync(access.CycleId, access.UnitId, ct);
        var now = s.Engine.Time.GetUtcNow();
        var maxEvidence = s.UploadOptions.MaxEvidenceBytes;
        // The unit sees its row of the published edition, exactly as published (change from last year included).
        var published = await s.Engine.QueryAsync(access.CycleId, state => state.ResultsPublished ? (state.PublishedEdition, state.Editions[^1].Sha256) : default, ct);
        var row = published.PublishedEdition > 0
            ? (await s.Editions.GetAsync(access.CycleId, published.PublishedEdition, published.Sha256, ct)).ByUnit.GetValueOrDefault(access.UnitId)
            : (RankingRow?)null;
        // The model is taken under the cycle's lock (the state is live); rendering needs no lock.
        var model = await s.Engine.QueryAsync(access.CycleId, state =>
            UnitPageModel.Build(state, state.Units[access.UnitId], uploads, state.ResultsPublished ? row : null, request, now, maxEvidence, s.VisitHours), ct);
        return Results.Content(s.Renderer.Render("unit", model), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static IResult RefusedPage(UnitPageServices s, int status, string title, string vi, string en) =>
        Results.Content(s.Renderer.Render("refused", new Dictionary<string, object?> { ["title"] = title, ["vi"] = vi, ["en"] = en }),
            "text/html; charset=utf-8", Encoding.UTF8, status);

    private static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => null };
        var stream = type is null ? null : typeof(UnitPageEndpoints).Assembly.GetManifestResourceStream($"ItEval.Web.Assets.{name}");
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }

    /// <summary>The caller's address; behind a trusted front end (the Functions host by default), the first address it forwarded.</summary>
    public static string ClientAddress(HttpContext http, HostingOptions hosting, UnitLinkOptions links)
    {
        var trustForwarded = links.TrustForwardedFor ?? hosting.Mode == HostingMode.FunctionsWorker;
        if (trustForwarded && http.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var first = forwarded.Split(',')[0].Trim();
            return System.Net.IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address.ToString() : first;
        }

        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static string Fingerprint(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..8];
}
