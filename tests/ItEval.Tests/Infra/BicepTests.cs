using System.Diagnostics;
using System.Reflection;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Infra;

/// <summary>The Bicep templates compile and pass the linter (rules in infra/bicepconfig.json).</summary>
public sealed class BicepTests
{
    private static readonly string Cli = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    private static readonly string Template = Path.Combine(RepositoryRoot.Find(), "infra", "main.bicep");

    [Fact]
    public async Task Main_template_builds_to_an_ARM_template()
    {
        var (code, output, errors) = await Bicep("build", Template, "--stdout");

        Assert.True(code == 0, errors);
        Assert.Contains("deploymentTemplate.json", output, StringComparison.Ordinal);
        // A standard isolated-worker Functions app on .NET 10.
        Assert.Contains("\"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\"", output, StringComparison.Ordinal);
        Assert.Contains("\"linuxFxVersion\": \"DOTNET-ISOLATED|10.0\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_parameters_file_builds_against_the_template_and_passes_the_linter()
    {
        var parameters = Path.Combine(RepositoryRoot.Find(), "infra", "main.bicepparam");

        var (code, output, errors) = await Bicep("build-params", parameters, "--stdout");
        var (lintCode, lintOutput, lintErrors) = await Bicep("lint", parameters);

        Assert.True(code == 0, output + errors);
        Assert.Contains("sendGridFromEmail", output, StringComparison.Ordinal);
        Assert.True(lintCode == 0, lintOutput + lintErrors);
        Assert.Equal("", (lintOutput + lintErrors).Trim());
    }

    [Fact]
    public async Task Main_template_passes_the_linter_without_warnings()
    {
        var (code, output, errors) = await Bicep("lint", Template);

        Assert.True(code == 0, output + errors);
        Assert.Equal("", (output + errors).Trim());
    }

    [Fact]
    public async Task Template_grants_data_roles_and_never_uses_storage_account_keys()
    {
        var (_, output, _) = await Bicep("build", Template, "--stdout");

        Assert.Contains("\"allowSharedKeyAccess\": false", output, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", output, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", output, StringComparison.Ordinal);
    }

    /// <summary>The compiled ARM template of infra/main.bicep.</summary>
    public static async Task<string> BuildAsync()
    {
        var (code, output, errors) = await Bicep("build", Template, "--stdout");
        Assert.True(code == 0, errors);
        return output;
    }

    private static async Task<(int Code, string Output, string Errors)> Bicep(params string[] arguments)
    {
        Assert.True(File.Exists(Cli), $"Bicep CLI not found at {Cli}: restore the test project.");
        var start = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
