using System.Text.Json;

namespace ItEval.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> the way Azure Functions Core Tools does: the <c>Values</c> object
/// becomes settings (with <c>__</c> meaning a nested key) and <c>ConnectionStrings</c> becomes
/// <c>ConnectionStrings:*</c>. One file therefore configures the standalone app and the custom handler.
/// </summary>
public sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(Path);
}

internal sealed class LocalSettingsConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return;
        }

        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON (line {ex.LineNumber + 1}): fix it or delete it and copy local.settings.sample.json again.", ex);
        }

        using (document)
        {
            AddSection(document.RootElement, "Values", prefix: "");
            AddSection(document.RootElement, "ConnectionStrings", prefix: "ConnectionStrings:");
        }
    }

    private void AddSection(JsonElement root, string name, string prefix)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var section) || section.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var setting in section.EnumerateObject())
        {
            var key = prefix + setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            Data[key] = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString(),
                JsonValueKind.Null => null,
                _ => setting.Value.GetRawText(),
            };
        }
    }
}
