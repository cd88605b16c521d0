using ItEval.Demo;
using ItEval.Hosting;
using ItEval.Hosting.Azure;

// ./run.sh --demo or --demo-cycle: not settings, so the host never sees them.
var (demo, hostArgs) = DemoServiceCollectionExtensions.Parse(args);
if (HostingOptions.StartedByFunctionsHost(hostArgs))
{
    // On Azure: the Functions host started this binary as its isolated worker.
    return await FunctionsWorkerApp.RunAsync(hostArgs);
}

var builder = WebApplication.CreateBuilder(hostArgs);
var hosting = builder.AddFunctionsConventions();
builder.Configuration.UseDemoStorage(demo);
builder.Services.AddItEval(builder.Configuration);
builder.Services.AddItEvalProcessHost(hosting.Mode);
builder.Services.AddItEvalDemo(demo);

var app = builder.Build();
if (StartupChecks.Problem(app.Services) is { } problem)
{
    Console.Error.WriteLine($"ItEval cannot start: {problem}");
    return 1;
}

app.UseItEval();
app.Run();
return 0;

/// <summary>Entry point; public so tests can host the real app.</summary>
public partial class Program;
