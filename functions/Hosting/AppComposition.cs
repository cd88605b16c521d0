using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Publication;
using ItEval.Storage;
using ItEval.Telemetry;
using ItEval.Uploads;
using ItEval.Web;
using ItEval.Web.Appraisal;
using ItEval.Web.Console;
using ItEval.Web.Rankings;
using ItEval.Web.UnitPage;

namespace ItEval.Hosting;

/// <summary>
/// The app in two calls, the same on both hosts: its services, and its HTTP pipeline (middleware and
/// endpoints). Standalone, Program runs them on its own web server; on Azure the isolated worker runs the
/// same pipeline for every request the Functions host hands its HTTP function.
/// </summary>
public static class AppComposition
{
    public static IServiceCollection AddItEval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddItEvalTelemetry(configuration);
        services.AddItEvalStorage(configuration);
        services.AddItEvalForms(configuration);
        services.AddItEvalCycles(configuration);
        services.AddItEvalPublication();
        services.AddItEvalUnitPage(configuration);
        services.AddItEvalAccounts(configuration);
        services.AddItEvalAuthentication(configuration);
        services.AddItEvalConsole();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.InWords);
        services.AddExceptionHandler<ProblemResponses>();
        services.AddItEvalApiJson();
        services.AddItEvalTransportSecurity(configuration);
        return services;
    }

    /// <summary>Transport first (the client's address and scheme), routing (as a web application places it), the app's middleware, then its endpoints.</summary>
    public static IApplicationBuilder UseItEval(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var environment = app.ApplicationServices.GetRequiredService<IHostEnvironment>();
        // First: the address, scheme and cookies every later step sees.
        app.UseItEvalTransportSecurity(configuration, environment.IsProduction());
        app.UseRouting();
        app.UseSecurityHeaders();
        app.UseCrossSiteWriteCheck();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseFirstPasswordChange();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseExpiredFormPage();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapHealthEndpoints();
            endpoints.MapCycleEndpoints();
            endpoints.MapProcessEndpoints();
            endpoints.MapVisitPlanEndpoints();
            endpoints.MapEmailEndpoints();
            endpoints.MapUnitPage();
            endpoints.MapConsole();
            endpoints.MapRankingEndpoints();
            endpoints.MapAppraisalEndpoints();
            if ((environment.IsDevelopment() || configuration.GetValue<bool>("Email:DevMailbox")) && string.IsNullOrEmpty(configuration["SendGrid:ApiKey"]))
            {
                // Local only: it shows every email, links included.
                endpoints.MapDevMailbox();
            }
        });
        return app;
    }
}
