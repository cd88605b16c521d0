using ItEval.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ItEval.Web;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", CheckAsync).AllowAnonymous();
        return routes;
    }

    /// <summary>200 when Blob, Table and Queue storage answer; 503 naming the ones that do not.</summary>
    private static async Task<JsonHttpResult<HealthReport>> CheckAsync(StorageHealth health, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        return TypedResults.Json(report, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
