using System.Globalization;
using ItEval.Cycle;

namespace ItEval.Web.Console;

/// <summary>
/// The console's words in Vietnamese (default) and English, from the glossary (shared/GLOSSARY.md).
/// The reader's language is a cookie set by the switch in the header.
/// </summary>
public static partial class ConsoleText
{
    public const string LanguageCookie = "iteval-lang";

    public static string Language(HttpContext http) => http.Request.Cookies[LanguageCookie] == "en" ? "en" : "vi";

    public static string Get(string language, string key) =>
        Find(language == "en" ? EnSets : ViSets, key) ?? Find(ViSets, key) ?? key;

    private static Dictionary<string, string>[] ViSets => [Vi, PublicationVi, ProcessVi];

    private static Dictionary<string, string>[] EnSets => [En, PublicationEn, ProcessEn];

    /// <summary>Words defined twice (the first set would hide the second) or missing in one language.</summary>
    public static IReadOnlyList<string> WordProblems()
    {
        var problems = ViSets.SelectMany(set => set.Keys).GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"\"{g.Key}\" is defined twice").ToList();
        var vi = ViSets.SelectMany(set => set.Keys).ToHashSet();
        var en = EnSets.SelectMany(set => set.Keys).ToHashSet();
        problems.AddRange(vi.Except(en).Select(k => $"\"{k}\" has no English"));
        problems.AddRange(en.Except(vi).Select(k => $"\"{k}\" has no Vietnamese"));
        return problems;
    }

    /// <summary>Whether a word is defined (in Vietnamese, the default).</summary>
    public static bool Has(string key) => Find(ViSets, key) is not null;

    private static string? Find(Dictionary<string, string>[] sets, string key)
    {
        foreach (var set in sets)
        {
            if (set.TryGetValue(key, out var text))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A path on this site to go back to, never another site.</summary>
    public static string? LocalPath(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : null;

    /// <summary>Where a person starts: admins at the cycles, appraisers at their visits.</summary>
    public static string Home(IReadOnlyCollection<string> roles) => roles.Contains(Accounts.Roles.Admin) ? "/console" : "/appraisal";

    /// <summary>An instant in Vietnam time, as people there read it.</summary>
    public static string LocalTime(DateTimeOffset at, string language) =>
        new CycleCalendar(CycleCalendar.DefaultTimeZone).Local(at).ToString(language == "en" ? "yyyy-MM-dd HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
