using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ItEval.Hosting;

namespace ItEval.Tests.Infra;

/// <summary>
/// One list of settings (functions/Hosting/SettingsCatalogue.cs) against everything that names settings:
/// the options classes and keys the app reads, the function bindings, the README and the app settings the
/// Bicep produces. A setting added anywhere and forgotten elsewhere fails here.
/// </summary>
public sealed partial class SettingsCompletenessTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void Every_option_the_app_binds_is_in_the_catalogue()
    {
        var missing = OptionSettings().Where(name => SettingsCatalogue.Find(name) is null);

        None(missing, "options not in the catalogue");
    }

    [Fact]
    public void Every_key_read_directly_in_code_is_in_the_catalogue()
    {
        var keys = Directory.EnumerateFiles(Path.Combine(Root, "functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ConfigurationKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Select(key => key.Replace(":", "__", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("Hosting__DetailedErrors", keys);
        None(keys.Where(key => SettingsCatalogue.Find(key) is null), "keys read in code but not in the catalogue");
    }

    [Fact]
    public void Every_catalogued_setting_is_documented_in_the_README_and_the_README_names_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var configuration = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        configuration = configuration[..configuration.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        var undocumented = SettingsCatalogue.All.Where(s => s.Source != SettingSource.Platform)
            .Select(s => s.Name.EndsWith(SettingsCatalogue.ListMarker, StringComparison.Ordinal) ? s.Name[..^2] : s.Name)
            .Where(name => !configuration.Contains($"`{name}", StringComparison.Ordinal));
        var unknown = DocumentedName().Matches(configuration).Select(m => m.Groups[1].Value)
            .Where(name => SettingsCatalogue.Find(name) is null && SettingsCatalogue.Find(name + "__x") is null);

        None(undocumented, "settings missing from the README's configuration table");
        None(unknown, "settings the README names but the app does not read");
    }

    [Fact]
    public void The_server_settings_sample_names_only_settings_the_app_reads()
    {
        var names = File.ReadAllLines(Path.Combine(Root, "infra", "onprem", "iteval.env.sample"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)]);

        None(names.Where(name => SettingsCatalogue.Find(name) is null), "settings in iteval.env.sample the app does not read");
    }

    [Fact]
    public async Task The_Bicep_sets_every_setting_the_app_and_its_bindings_need_and_nothing_the_app_does_not_know()
    {
        var bicep = await BicepSettingsAsync();

        var required = SettingsCatalogue.All.Where(s => s.Source is SettingSource.Deployment or SettingSource.KeyVault or SettingSource.Platform).Select(s => s.Name);
        None(required.Except(bicep.Names, StringComparer.Ordinal), "settings the Bicep does not set");
        None(bicep.Names.Where(name => SettingsCatalogue.Find(name) is not { Source: not (SettingSource.FunctionsHost or SettingSource.LocalOnly) }), "Bicep settings the app does not know or must not get on Azure");
        Assert.Contains("Durable__TaskHub", BindingSettings());
        None(BindingSettings().Except(bicep.Names, StringComparer.Ordinal), "settings the bindings or host.json name but the Bicep does not set");
        // Secrets come from Key Vault, never as values in the template.
        Assert.Equal(
            SettingsCatalogue.All.Where(s => s.Source == SettingSource.KeyVault).Select(s => s.Name).Order(StringComparer.Ordinal),
            bicep.KeyVaultSecrets.Order(StringComparer.Ordinal));
    }

    private static void None(IEnumerable<string> names, string what)
    {
        var list = names.ToList();
        Assert.True(list.Count == 0, $"{what}: {string.Join(", ", list)}");
    }

    /// <summary>Settings each options class binds: its section, then each settable property (nested classes too).</summary>
    private static IEnumerable<string> OptionSettings()
    {
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } section)
            {
                foreach (var name in Properties(type, (string)section.GetRawConstantValue()!))
                {
                    yield return name;
                }
            }
        }
    }

    private static IEnumerable<string> Properties(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{prefix}__{property.Name}";
            var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (kind.IsGenericType && kind.GetGenericTypeDefinition() == typeof(List<>))
            {
                yield return name + "__0__Name";
            }
            else if (kind.IsClass && kind != typeof(string))
            {
                foreach (var nested in Properties(kind, name))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// App settings the Functions host resolves for the app: %Setting% expressions and connections
    /// (identity-based: Connection__accountName) in the bindings of the built functions.metadata, and
    /// %Setting% expressions in host.json (the task hub's name).
    /// </summary>
    private static IEnumerable<string> BindingSettings()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        foreach (var binding in metadata.RootElement.EnumerateArray().SelectMany(f => f.GetProperty("bindings").EnumerateArray()))
        {
            foreach (var property in binding.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                foreach (Match expression in BindingExpression().Matches(property.Value.GetString()!))
                {
                    yield return expression.Groups[1].Value;
                }

                if (property.Name == "connection")
                {
                    yield return property.Value.GetString() + "__accountName";
                }
            }
        }

        foreach (Match expression in BindingExpression().Matches(File.ReadAllText(Path.Combine(Root, "functions", "host.json"))))
        {
            yield return expression.Groups[1].Value;
        }
    }

    private sealed record BicepSettings(IReadOnlyList<string> Names, IReadOnlyList<string> KeyVaultSecrets);

    /// <summary>
    /// App settings in the compiled template: keys of the object variables named "…Settings", of
    /// "keyVaultSecrets" (setting → secret), and the runtime values added on the site itself.
    /// </summary>
    private static async Task<BicepSettings> BicepSettingsAsync()
    {
        using var template = JsonDocument.Parse(await BicepTests.BuildAsync());
        var variables = template.RootElement.GetProperty("variables");
        var names = new List<string>();
        foreach (var variable in variables.EnumerateObject().Where(v => v.Name.EndsWith("Settings", StringComparison.Ordinal) && v.Value.ValueKind == JsonValueKind.Object))
        {
            names.AddRange(variable.Value.EnumerateObject().Select(p => p.Name));
        }

        var secrets = variables.GetProperty("keyVaultSecrets").EnumerateObject().Select(p => p.Name).ToList();
        names.AddRange(secrets);
        var site = template.RootElement.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        var siteSettings = site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").GetString()!;
        names.AddRange(RuntimeSetting().Matches(siteSettings).Select(m => m.Groups[1].Value));
        Assert.Contains("variables('appSettingList')", siteSettings, StringComparison.Ordinal);
        return new BicepSettings(names, secrets);
    }

    [GeneratedRegex("""onfiguration\[\s*"(?<key>[A-Za-z_:]+)"\s*\]|GetValue<[^>]+>\(\s*"(?<key>[A-Za-z_:]+)"\s*\)""")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex("`([A-Za-z]+__[A-Za-z_]+)`")]
    private static partial Regex DocumentedName();

    [GeneratedRegex("%([A-Za-z_]+)%")]
    private static partial Regex BindingExpression();

    [GeneratedRegex("createObject\\('name', '([A-Za-z_]+)', 'value', reference\\(")]
    private static partial Regex RuntimeSetting();
}
