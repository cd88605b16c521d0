using BenchmarkDotNet.Attributes;
using ItEval.Email;

namespace ItEval.Benchmarks;

/// <summary>Emails rendered per second (subject, text and HTML of one message) = 1 s ÷ mean.</summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class EmailBenchmarks
{
    private readonly EmailRenderer _renderer = new();
    private readonly IReadOnlyDictionary<string, object?> _model = EmailSamples.Model("vi");

    [Params("announcement", "result")]
    public string Kind { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _renderer.Render(Kind, "vi", _model);

    [Benchmark]
    public int Render() => _renderer.Render(Kind, "vi", _model).Html.Length;
}
