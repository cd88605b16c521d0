using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Benchmarks;

/// <summary>
/// Issue target: parse ≥ 200 typical filled forms per second on one core. One operation reads one
/// filled .xlsx (package checks, identity, structure, every answer, totals); forms/s = 1 s ÷ mean.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class FormBenchmarks
{
    private FormReader _reader = null!;
    private FormContext _context = null!;
    private byte[] _filled = null!;

    [Params(BuiltInRubrics.PartyAndMassOrganisations, BuiltInRubrics.DepartmentsAndDistricts)]
    public string Rubric { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var signature = new FormSignature(RandomNumberGenerator.GetBytes(32));
        _reader = new FormReader(signature, new FormOptions());
        _context = new FormContext("2026", "Kỳ đánh giá 2026", "so-tttt", "STTTT", "Sở Thông tin và Truyền thông", new DateOnly(2026, 12, 15), BuiltInRubrics.Load(Rubric));
        _filled = ItEval.Demo.DemoForms.Fill(new FormGenerator(signature).Generate(_context), _context.Rubric, 0.8);
        if (!_reader.Read(_filled, "phieu.xlsx", _context).Accepted)
        {
            throw new InvalidOperationException("The benchmark form must be valid.");
        }
    }

    [Benchmark]
    public bool ParseFilledForm() => _reader.Read(_filled, "phieu.xlsx", _context).Accepted;

    [Benchmark]
    public int GenerateForm() => new FormGenerator(new FormSignature(new byte[32])).Generate(_context).Length;
}
