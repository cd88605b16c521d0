using System.Text.RegularExpressions;
using ItEval.Web.Console;

namespace ItEval.Tests.Console;

/// <summary>Every word a page asks for exists in both languages, once.</summary>
public sealed partial class ConsoleWordsTests
{
    [Fact]
    public void No_word_is_defined_twice_or_in_one_language_only() => Assert.Empty(ConsoleText.WordProblems());

    [Fact]
    public void Every_word_the_pages_ask_for_is_defined()
    {
        var web = Path.Combine(ItEval.Testing.RepositoryRoot.Find(), "functions", "Web");
        var asked = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Asked().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Distinct()
            .ToList();

        Assert.True(asked.Count > 200, $"only {asked.Count} words found: the pattern no longer matches the pages");
        Assert.Empty(asked.Where(a => !ConsoleText.Has(a.Key)).Select(a => $"{a.File}: {a.Key}"));
    }

    // T("key") and T("key", …) in pages, ConsoleText.Get(lang, "key") in endpoints; keys built at run time ("status_" + x) end in "_".
    [GeneratedRegex("""(?:\bT|ConsoleText\.Get)\((?:\w+, )?"([a-z0-9_]*[a-z0-9])"[,)]""")]
    private static partial Regex Asked();
}
