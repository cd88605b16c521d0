using ItEval.Forms;
using ItEval.Hosting;
using ItEval.Storage;
using ItEval.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionsConventions();
builder.Services.AddItEvalStorage(builder.Configuration);
builder.Services.AddItEvalForms(builder.Configuration);

var app = builder.Build();
app.MapHealthEndpoints();
app.Run();

/// <summary>Entry point; public so tests can host the real app.</summary>
public partial class Program;
