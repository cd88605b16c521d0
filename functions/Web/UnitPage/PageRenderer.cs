using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace ItEval.Web.UnitPage;

/// <summary>Server-rendered pages (Fluid templates embedded in the app); every value is HTML-encoded, Vietnamese letters kept.</summary>
public sealed class PageRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options = new();

    public string Render(string page, IReadOnlyDictionary<string, object?> model)
    {
        var template = _templates.GetOrAdd(page, Load);
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        return template.Render(context, Html);
    }

    private static IFluidTemplate Load(string page)
    {
        using var stream = typeof(PageRenderer).Assembly.GetManifestResourceStream($"ItEval.Web.Pages.{page}.liquid")
            ?? throw new InvalidOperationException($"No page template {page}.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error) ? template
            : throw new InvalidOperationException($"Page template {page} is invalid: {error}");
    }
}
