using System.Globalization;
using System.Net;
using System.Text;

namespace ItEval.Web.Rankings;

/// <summary>One bar: its label, value, and the CSS class of its colour (a band).</summary>
public sealed record Bar(string Label, decimal Value, string ColourClass, string ValueText);

/// <summary>
/// Charts drawn on the server as SVG: no script, nothing loaded from elsewhere. Each chart is an image
/// with a title and a description a screen reader reads (role="img"), and each page shows the same
/// numbers as a table beside it, the chart's text alternative.
/// </summary>
public static class Charts
{
    private const int Width = 720;
    private const int LabelWidth = 240;
    private const int ValueWidth = 70;
    private const int BarHeight = 18;
    private const int Gap = 6;

    /// <summary>Horizontal bars from 0 to <paramref name="max"/>, with dashed lines at the band minimums.</summary>
    public static string HorizontalBars(string id, string title, string description, IReadOnlyList<Bar> bars, decimal max, IReadOnlyList<(string Name, decimal At)> marks)
    {
        var plot = Width - LabelWidth - ValueWidth;
        var height = 24 + bars.Count * (BarHeight + Gap);
        var svg = Open(id, title, description, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var y = 20 + i * (BarHeight + Gap);
            var bar = bars[i];
            var length = max <= 0 ? 0 : (double)Math.Clamp(bar.Value / max, 0m, 1m) * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\" class=\"chart-label\">{Text(Cut(bar.Label, 34))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{length:0.#}\" height=\"{BarHeight}\" class=\"{bar.ColourClass}\"><title>{Text(bar.Label)}: {Text(bar.ValueText)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 4:0.#}\" y=\"{y + 13}\" class=\"chart-value\">{Text(bar.ValueText)}</text>");
        }

        foreach (var (name, at) in marks.Where(m => m.At > 0 && m.At < max))
        {
            var x = LabelWidth + (double)(at / max) * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"14\" x2=\"{x:0.#}\" y2=\"{height - 4}\" class=\"chart-mark\" />");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 2:0.#}\" y=\"11\" class=\"chart-mark-label\">{Text(name)}</text>");
        }

        return Close(svg);
    }

    /// <summary>Vertical bars: how many units fall in each range of totals.</summary>
    public static string Columns(string id, string title, string description, IReadOnlyList<Bar> bins)
    {
        const int height = 220;
        const int bottom = 180;
        var most = bins.Count == 0 ? 1 : Math.Max(1m, bins.Max(b => b.Value));
        var width = (double)(Width - 40) / Math.Max(1, bins.Count);
        var svg = Open(id, title, description, height);
        for (var i = 0; i < bins.Count; i++)
        {
            var bin = bins[i];
            var x = 20 + i * width;
            var h = (double)(bin.Value / most) * (bottom - 20);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 2:0.#}\" y=\"{bottom - h:0.#}\" width=\"{width - 4:0.#}\" height=\"{h:0.#}\" class=\"{bin.ColourClass}\"><title>{Text(bin.Label)}: {Text(bin.ValueText)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + width / 2:0.#}\" y=\"{bottom - h - 4:0.#}\" text-anchor=\"middle\" class=\"chart-value\">{Text(bin.ValueText)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + width / 2:0.#}\" y=\"{bottom + 16}\" text-anchor=\"middle\" class=\"chart-label\">{Text(bin.Label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"20\" y1=\"{bottom}\" x2=\"{Width - 20}\" y2=\"{bottom}\" class=\"chart-axis\" />");
        return Close(svg);
    }

    /// <summary>Pairs of bars per category: the unit's share of the max beside the group median's.</summary>
    public static string Pairs(string id, string title, string description, IReadOnlyList<(string Label, decimal First, decimal Second, string FirstText, string SecondText)> pairs, string firstName, string secondName)
    {
        var plot = Width - LabelWidth - ValueWidth;
        var rowHeight = 2 * BarHeight + 3 * Gap;
        var height = 34 + pairs.Count * rowHeight;
        var svg = Open(id, title, description, height);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"4\" width=\"12\" height=\"12\" class=\"chart-first\" /><text x=\"{LabelWidth + 16}\" y=\"14\" class=\"chart-label\">{Text(firstName)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth + 200}\" y=\"4\" width=\"12\" height=\"12\" class=\"chart-second\" /><text x=\"{LabelWidth + 216}\" y=\"14\" class=\"chart-label\">{Text(secondName)}</text>");
        for (var i = 0; i < pairs.Count; i++)
        {
            var (label, first, second, firstText, secondText) = pairs[i];
            var y = 28 + i * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + BarHeight + 2}\" text-anchor=\"end\" class=\"chart-label\">{Text(Cut(label, 34))}</text>");
            var a = (double)Math.Clamp(first, 0m, 1m) * plot;
            var b = (double)Math.Clamp(second, 0m, 1m) * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{a:0.#}\" height=\"{BarHeight}\" class=\"chart-first\"><title>{Text(label)} – {Text(firstName)}: {Text(firstText)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + a + 4:0.#}\" y=\"{y + 13}\" class=\"chart-value\">{Text(firstText)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + BarHeight + Gap / 2}\" width=\"{b:0.#}\" height=\"{BarHeight}\" class=\"chart-second\"><title>{Text(label)} – {Text(secondName)}: {Text(secondText)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + b + 4:0.#}\" y=\"{y + BarHeight + Gap / 2 + 13}\" class=\"chart-value\">{Text(secondText)}</text>");
        }

        return Close(svg);
    }

    private static StringBuilder Open(string id, string title, string description, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Text(title)}</title><desc id=\"{id}-desc\">{Text(description)}</desc>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Text(string text) => WebUtility.HtmlEncode(text);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
