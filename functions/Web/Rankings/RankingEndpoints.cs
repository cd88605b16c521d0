using System.Security.Cryptography;
using ItEval.Cycle;
using ItEval.Publication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ItEval.Web.Rankings;

/// <summary>
/// The ranking for the team (API, admins and appraisers) and for everyone once published (công khai):
/// the official documents of each edition, a unit's result sheet, and the check of a copy someone holds.
/// </summary>
public static class RankingEndpoints
{
    /// <summary>The largest file the public check reads: well above any official document.</summary>
    public const long MaxCheckedFileBytes = 50L << 20;

    public static IEndpointRouteBuilder MapRankingEndpoints(this IEndpointRouteBuilder routes)
    {
        var team = routes.MapGroup("/api/cycles").RequireAuthorization(Authentication.AppraiserPolicy).AddEndpointFilter(CycleEndpoints.KnownIdsOnly);
        team.MapGet("/{id}/ranking", RankingAsync);
        team.MapGet("/{id}/editions/{edition}/files/{name}", (string id, int edition, string name, ExportStore exports, CycleEngine engine, CancellationToken ct) =>
            FileAsync(id, edition, name, exports, engine, ct));
        team.MapGet("/{id}/editions/{edition}/units/{unitId}/result.pdf", SheetAsync);

        var everyone = routes.MapGroup("/results").AllowAnonymous();
        everyone.MapGet("/{id}/editions/{edition}/{name}", (string id, int edition, string name, ExportStore exports, CycleEngine engine, CancellationToken ct) =>
            FileAsync(id, edition, name, exports, engine, ct));
        everyone.MapPost("/{id}/verify", VerifyAsync)
            // A read-only check anyone may script (curl -F file=@…): there is nothing to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxCheckedFileBytes + (1 << 20)));
        return routes;
    }

    /// <summary>
    /// The ranking of an edition: the one given, else the latest (the draft waiting for publication
    /// included). Per ranking group: rank, unit, total, band, change from last year, criteria groups.
    /// </summary>
    private static async Task<Results<Ok<RankingView>, ProblemHttpResult>> RankingAsync(
        string id, int? edition, string? lang, RankingViews views, CancellationToken ct) =>
        await views.GetAsync(id, edition, includeDraft: true, string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? "en" : "vi", ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(title: "No ranking yet", detail: edition is null
                ? $"Kỳ đánh giá \"{id}\" chưa có bảng xếp hạng (hoặc không tồn tại)."
                : $"Kỳ đánh giá \"{id}\" không có lần công bố {edition}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>An official document of a published edition, as stored; only the files the edition recorded.</summary>
    private static async Task<IResult> FileAsync(string id, int edition, string name, ExportStore exports, CycleEngine engine, CancellationToken ct)
    {
        var recorded = CycleRequestRules.IsId(id) && await engine.QueryAsync(id, s => s.Exists && edition >= 1 && edition <= s.Editions.Count
            && s.Editions[edition - 1].Files.Any(f => f.Name == name), ct);
        return recorded && await exports.OpenAsync(id, edition, name, ct) is { } stream
            ? TypedResults.Stream(stream, ExportStore.ContentType(name), DownloadName(id, edition, name))
            : TypedResults.Problem(title: "No such document", detail: $"Không có tài liệu \"{name}\" của lần công bố {edition}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SheetAsync(string id, int edition, string unitId, ResultSheets sheets, CancellationToken ct) =>
        await sheets.GetAsync(id, edition, unitId, ct) is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"phieu-ket-qua-{unitId}-lan-{edition}.pdf")
            : TypedResults.Problem(title: "No such result", detail: $"Không có phiếu kết quả của đơn vị \"{unitId}\" ở lần công bố {edition}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Is this file an official copy? Its SHA-256 against every document stored for the cycle's published
    /// editions. A person's browser is sent to the results page with the answer; a program gets JSON.
    /// </summary>
    private static async Task<IResult> VerifyAsync(string id, HttpContext http, ExportStore exports, CycleEngine engine, CancellationToken ct)
    {
        if (!CycleRequestRules.IsId(id) || !await engine.QueryAsync(id, s => s.Exists && s.PublishedEdition > 0, ct))
        {
            return TypedResults.Problem(title: "Not published", detail: $"Kỳ đánh giá \"{id}\" chưa công bố kết quả.", statusCode: StatusCodes.Status404NotFound);
        }

        var json = http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        var file = (await RequestForms.ReadAsync(http, ct))?.Files.GetFile("file");
        if (file is null || file.Length == 0 || file.Length > MaxCheckedFileBytes)
        {
            // A person's browser goes back to the page, which says what to do.
            return json ? TypedResults.Problem(title: "No file", detail: "Hãy chọn tệp cần kiểm tra (tối đa 50 MB).", statusCode: StatusCodes.Status400BadRequest)
                : TypedResults.Redirect($"/results/{Uri.EscapeDataString(id)}?verify=nofile#verify");
        }

        string sha;
        await using (var content = file.OpenReadStream())
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        }

        if (!json)
        {
            return TypedResults.Redirect($"/results/{Uri.EscapeDataString(id)}?sha={sha}#verify");
        }

        var matches = await Official(id, sha, exports, engine, ct);
        return TypedResults.Ok(new { sha256 = sha, official = matches.Count > 0, matches = matches.Select(m => new { m.Edition, m.Name }) });
    }

    /// <summary>The published documents of this cycle with this hash (documents of other cycles do not count here).</summary>
    public static async Task<IReadOnlyList<ExportLocation>> Official(string id, string sha, ExportStore exports, CycleEngine engine, CancellationToken ct)
    {
        var found = (await exports.FindAsync(sha, ct)).Where(m => m.CycleId == id).ToList();
        var published = await engine.QueryAsync(id, s => s.PublishedEdition, ct);
        return [.. found.Where(m => m.Edition >= 1 && m.Edition <= published)];
    }

    public static string DownloadName(string id, int edition, string name) =>
        $"{Path.GetFileNameWithoutExtension(name)}-{id}-lan-{edition}{Path.GetExtension(name)}";
}
