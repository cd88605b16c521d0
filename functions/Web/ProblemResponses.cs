using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ItEval.Web;

/// <summary>
/// The answer to any exception a handler lets escape, in every environment: problem details (RFC 9457)
/// with a Vietnamese <c>detail</c> and <c>detailEn</c>, never a stack trace, the request path or a
/// token. A body the app cannot read is the client's mistake (4xx, naming the field); storage that
/// does not answer is 503; anything else is 500 with a trace id to quote. A browser gets the same
/// words as a small page. <c>Hosting__DetailedErrors=true</c> adds the exception, for debugging only.
/// </summary>
public sealed partial class ProblemResponses(IProblemDetailsService problems, IConfiguration configuration, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        var problem = Describe(exception, traceId);
        var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)";
        if (problem.Status >= 500)
        {
            // The route template, never the path: a unit's path holds its link.
            LogFailed(logger, exception, http.Request.Method, endpoint, traceId);
        }

        http.Response.StatusCode = problem.Status;
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Page(problem), cancellationToken);
            return true;
        }

        var details = new ProblemDetails { Status = problem.Status, Title = problem.En, Detail = problem.Vi };
        details.Extensions["detailEn"] = problem.En;
        details.Extensions["traceId"] = traceId;
        if (problem.Field is not null)
        {
            details.Extensions["field"] = problem.Field;
        }

        if (configuration.GetValue<bool>("Hosting:DetailedErrors"))
        {
            details.Extensions["exception"] = exception.ToString();
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details });
    }

    private sealed record Problem(int Status, string Vi, string En, string? Field);

    /// <summary>The framework's own answers (401, 403, 404, 405…) in the same words as the app's.</summary>
    public static void InWords(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Detail is not null)
        {
            return;
        }

        (details.Detail, var en) = details.Status switch
        {
            StatusCodes.Status401Unauthorized => ("Cần đăng nhập hoặc khóa API (Authorization: Bearer …).", "Sign in or present an API key (Authorization: Bearer …)."),
            StatusCodes.Status403Forbidden => ("Tài khoản hoặc khóa này không có quyền làm việc này.", "This account or key may not do this."),
            StatusCodes.Status404NotFound => ("Không có trang hoặc tài nguyên này.", "There is no such page or resource."),
            StatusCodes.Status405MethodNotAllowed => ("Địa chỉ này không nhận phương thức này.", "This address does not take this method."),
            _ => ("Yêu cầu không thực hiện được.", "The request could not be done."),
        };
        details.Extensions["detailEn"] = en;
    }

    private static Problem Describe(Exception exception, string traceId)
    {
        if (exception is BadHttpRequestException or JsonException)
        {
            var json = exception as JsonException ?? exception.InnerException as JsonException;
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            var field = json is null ? null : Field(json);
            var (whatVi, whatEn) = Reason(json, exception);
            return status switch
            {
                StatusCodes.Status413PayloadTooLarge => new Problem(status, "Nội dung gửi lên quá lớn.", "The request body is too large.", null),
                StatusCodes.Status415UnsupportedMediaType => new Problem(status, "Nội dung gửi lên phải là JSON (Content-Type: application/json).", "The request body must be JSON (Content-Type: application/json).", null),
                _ when field is null => new Problem(status, $"Nội dung gửi lên không hợp lệ: {whatVi}.", $"The request is not valid: {whatEn}.", null),
                _ => new Problem(status, $"Nội dung gửi lên không hợp lệ (trường \"{field}\"): {whatVi}.", $"The request is not valid (field \"{field}\"): {whatEn}.", field),
            };
        }

        if (exception is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            return new Problem(StatusCodes.Status400BadRequest, "Phiên làm việc trên trang đã hết hạn; hãy tải lại trang rồi thử lại.",
                "The page's session has expired; reload the page and try again.", null);
        }

        if (exception is Cycle.StoredEventTooNewException tooNew)
        {
            return new Problem(StatusCodes.Status503ServiceUnavailable, Cycle.StoredEventTooNewException.Vi, Cycle.StoredEventTooNewException.En, null);
        }

        if (IsStorage(exception))
        {
            return new Problem(StatusCodes.Status503ServiceUnavailable,
                "Hệ thống lưu trữ đang gặp sự cố; thao tác chưa được ghi nhận. Hãy thử lại sau ít phút.",
                "Storage is not available; nothing was recorded. Try again in a few minutes.", null);
        }

        return new Problem(StatusCodes.Status500InternalServerError,
            $"Đã có lỗi ngoài dự kiến; thao tác chưa hoàn tất. Hãy thử lại, hoặc báo bộ phận CNTT mã lỗi {traceId}.",
            $"Something unexpected went wrong; the action did not complete. Try again, or give the IT office the code {traceId}.", null);
    }

    /// <summary>The field a JSON error is about: its path, or the first missing required property.</summary>
    private static string? Field(JsonException json)
    {
        if (MissingProperty().Match(json.Message) is { Success: true } missing)
        {
            return json.Path is null or "$" ? missing.Groups[1].Value : $"{json.Path}.{missing.Groups[1].Value}";
        }

        return json.Path is { Length: > 0 } path ? path : null;
    }

    /// <summary>What is wrong, in words, never with .NET type names.</summary>
    private static (string Vi, string En) Reason(JsonException? json, Exception exception) => json switch
    {
        null when exception.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) || exception.Message.StartsWith("Required parameter", StringComparison.Ordinal)
            => ($"giá trị trên địa chỉ không đọc được ({QueryName(exception.Message)})", $"a value in the address cannot be read ({QueryName(exception.Message)})"),
        null => ("không đọc được", "it cannot be read"),
        _ when MissingProperty().IsMatch(json.Message) => ("thiếu trường bắt buộc", "a required field is missing"),
        _ when json.Message.Contains("null is not allowed", StringComparison.Ordinal) || json.Message.Contains("null", StringComparison.OrdinalIgnoreCase) && json.Message.Contains("nullable", StringComparison.OrdinalIgnoreCase)
            => ("không được để trống (null)", "it must not be null"),
        _ when json.Message.Contains("could not be converted", StringComparison.Ordinal) => ("sai kiểu dữ liệu", "it has the wrong type"),
        _ when json.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) => ("lồng nhau quá sâu", "it is nested too deeply"),
        _ => ("không phải JSON hợp lệ", "it is not valid JSON"),
    };

    private static string QueryName(string message) =>
        Regex.Match(message, "parameter \"(?:[^\" ]+ )?([^\" ]+)\"") is { Success: true } m ? m.Groups[1].Value : "?";

    private static bool IsStorage(Exception exception) => exception switch
    {
        RequestFailedException or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorage),
        _ => false,
    };

    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Page(Problem problem) =>
        $"""
        <!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Lỗi {problem.Status}</title><link rel="stylesheet" href="/assets/unit.css"></head>
        <body><main class="refused"><h1>Không thực hiện được</h1><p>{Html.Encode(problem.Vi)}</p>
        <p lang="en">{Html.Encode(problem.En)}</p></main></body></html>
        """;

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperty();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Endpoint} (trace {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string endpoint, string traceId);
}
