using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace ItEval.Email;

/// <summary>A rendered email: subject, plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// Renders the email templates (Fluid/Liquid files in Email/Templates, one per kind and language, with
/// <c>--- subject</c>, <c>--- text</c> and <c>--- html</c> sections). HTML output escapes what HTML needs
/// escaped and keeps Vietnamese letters as they are; text and subject are not escaped.
/// </summary>
public sealed class EmailRenderer
{
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    public static readonly IReadOnlyList<string> Kinds =
        ["announcement", "reminder", "overdue", "deadline-extended", "visit-plan", "visit-reminder", "team-plan", "result", "admin-summary", "admin-alert", "progress-summary", "new-link", "scheduling-failed"];

    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<(string, string), (IFluidTemplate Subject, IFluidTemplate Text, IFluidTemplate Html)> _templates = new();
    private readonly TemplateOptions _options = new();

    public RenderedEmail Render(string kind, string language, IReadOnlyDictionary<string, object?> model)
    {
        var templates = _templates.GetOrAdd((kind, Languages.Contains(language) ? language : "vi"), key => Load(key.Item1, key.Item2));
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        return new RenderedEmail(
            templates.Subject.Render(context, NullEncoder.Default).Trim(),
            templates.Text.Render(context, NullEncoder.Default).Trim() + "\n",
            templates.Html.Render(context, Html).Trim());
    }

    private static (IFluidTemplate, IFluidTemplate, IFluidTemplate) Load(string kind, string language)
    {
        var name = $"ItEval.Email.Templates.{kind}.{language}.liquid";
        using var stream = typeof(EmailRenderer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No email template {kind} in {language}.");
        var sections = new Dictionary<string, System.Text.StringBuilder>();
        System.Text.StringBuilder? current = null;
        using var reader = new StreamReader(stream);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                current = sections[line[4..].Trim()] = new System.Text.StringBuilder();
            }
            else
            {
                current?.AppendLine(line);
            }
        }

        IFluidTemplate Parse(string section) => sections.TryGetValue(section, out var source) && Parser.TryParse(source.ToString(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {kind}.{language}: section {section} is missing or invalid.");
        return (Parse("subject"), Parse("text"), Parse("html"));
    }
}
