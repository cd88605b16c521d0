using System.Text.RegularExpressions;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Engine;

/// <summary>The generic engine reads like a small library: it knows storage, not cycles or any other feature.</summary>
public sealed partial class EngineLayoutTests
{
    [Fact]
    public void The_engine_folder_names_no_cycle_and_uses_no_feature_folder_but_storage()
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "functions", "Engine");
        var files = Directory.GetFiles(folder, "*.cs");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("cycle", text, StringComparison.OrdinalIgnoreCase);
            var usings = ItEvalUsing().Matches(text).Select(m => m.Groups[1].Value).Distinct();
            Assert.All(usings, used => Assert.Contains(used, new[] { "Engine", "Storage" }));
            Assert.Contains("namespace ItEval.Engine;", text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"ItEval\.([A-Za-z]+)")]
    private static partial Regex ItEvalUsing();
}
