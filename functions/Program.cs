using ItEval.Accounts;
using ItEval.Cycle;
using ItEval.Demo;
using ItEval.Forms;
using ItEval.Hosting;
using ItEval.Publication;
using ItEval.Storage;
using ItEval.Telemetry;
using ItEval.Uploads;
using ItEval.Web;
using ItEval.Web.Appraisal;
using ItEval.Web.Console;
using ItEval.Web.Rankings;
using ItEval.Web.UnitPage;

// ./run.sh --demo or --demo-cycle: not settings, so the host never sees them.
var (demo, hostArgs) = DemoServiceCollectionExtensions.Parse(args);
var builder = WebApplication.CreateBuilder(hostArgs);
var hosting = builder.AddFunctionsConventions();
builder.Configuration.UseDemoStorage(demo);
builder.Services.AddItEvalTelemetry(builder.Configuration);
builder.Services.AddItEvalStorage(builder.Configuration);
builder.Services.AddItEvalForms(builder.Configuration);
builder.Services.AddItEvalCycles(builder.Configuration);
builder.Services.AddItEvalPublication();
builder.Services.AddItEvalUnitPage(builder.Configuration);
builder.Services.AddItEvalAccounts(builder.Configuration);
builder.Services.AddItEvalAuthentication(builder.Configuration);
builder.Services.AddItEvalConsole();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResponses.InWords);
builder.Services.AddExceptionHandler<ProblemResponses>();
builder.Services.AddItEvalApiJson();
builder.Services.AddItEvalDemo(demo);

var app = builder.Build();
if (StartupChecks.Problem(app.Services) is { } problem)
{
    Console.Error.WriteLine($"ItEval cannot start: {problem}");
    return 1;
}

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseFirstPasswordChange();
app.UseAuthorization();
app.UseAntiforgery();
app.MapHealthEndpoints();
app.MapCycleEndpoints();
app.MapVisitPlanEndpoints();
app.MapEmailEndpoints();
app.MapUnitPage();
app.MapConsole();
app.MapRankingEndpoints();
app.MapAppraisalEndpoints();
if ((app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Email:DevMailbox")) && string.IsNullOrEmpty(app.Configuration["SendGrid:ApiKey"]))
{
    // Local only: it shows every email, links included.
    app.MapDevMailbox();
}
if (hosting.Mode == HostingMode.FunctionsCustomHandler)
{
    app.MapFunctionTriggers();
}

app.Run();
return 0;

/// <summary>Entry point; public so tests can host the real app.</summary>
public partial class Program;
