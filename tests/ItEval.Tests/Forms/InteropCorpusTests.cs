using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Tests.Forms;

/// <summary>
/// Units fill the form with more than Excel: WPS, LibreOffice, Google Sheets' download, scripts. This
/// corpus is made at test time by real programs — openpyxl (Debian's python3-openpyxl), LibreOffice
/// headless, Python's csv module — and every file must read back with the same answers as the form
/// filled the reference way. Skipped only where ./test.sh could not install the programs (not root).
/// </summary>
public sealed class InteropCorpusTests
{
    private const string Python = "/usr/bin/python3";

    public static TheoryData<string, string> Cases() => new()
    {
        { BuiltInRubrics.DepartmentsAndDistricts, "openpyxl" },
        { BuiltInRubrics.PartyAndMassOrganisations, "openpyxl" },
        { BuiltInRubrics.DepartmentsAndDistricts, "openpyxl, numbers typed as text with decimal commas" },
        { BuiltInRubrics.DepartmentsAndDistricts, "openpyxl, then re-saved by LibreOffice" },
        { BuiltInRubrics.DepartmentsAndDistricts, "CSV with ; and BOM and decimal commas" },
        { BuiltInRubrics.PartyAndMassOrganisations, "CSV with ; and BOM and decimal commas" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_form_made_by_another_program_reads_back_with_the_same_answers(string rubric, string program)
    {
        Skip.IfNot(File.Exists(Python) && Run(Python, "-c", "import openpyxl").ExitCode == 0, "Debian's python3-openpyxl is not installed: ./test.sh installs it when it runs as root.");
        var context = FormKit.Context(rubric);
        var answers = FormKit.TypicalAnswers(context.Rubric);
        var original = FormKit.Read(FormKit.Fill(FormKit.Blank(context), answers), context).Assessment!;

        var (file, name) = program switch
        {
            "openpyxl" => (FillWithOpenpyxl(context, answers, asText: false), "phieu.xlsx"),
            "openpyxl, numbers typed as text with decimal commas" => (FillWithOpenpyxl(context, answers, asText: true), "phieu.xlsx"),
            "openpyxl, then re-saved by LibreOffice" => (await LibreOffice.ResaveAsync(FillWithOpenpyxl(context, answers, asText: false)), "phieu.xlsx"),
            _ => (CsvFromPython(answers), "phieu.csv"),
        };
        var read = FormKit.Read(file, context, name);

        Assert.True(read.Accepted, string.Join(Environment.NewLine, read.Problems));
        Assert.Equal(original.Answers, read.Assessment!.Answers);
        Assert.Equal(original.TotalPoints, read.Assessment.TotalPoints);
    }

    /// <summary>openpyxl opens the generated form, types every answer and explanation into its cells and saves it.</summary>
    private static byte[] FillWithOpenpyxl(FormContext context, Dictionary<string, (object Answer, string Explanation)> answers, bool asText)
    {
        var layout = FormLayout.For(context.Rubric);
        var cells = new Dictionary<string, object>();
        foreach (var row in layout.Leaves)
        {
            var (answer, explanation) = answers[row.Criterion!.Code];
            cells[$"{FormLayout.AnswerColumn}{row.Row}"] = asText && answer is decimal number ? number.ToString(CultureInfo.GetCultureInfo("vi-VN")) : answer;
            cells[$"{FormLayout.ExplanationColumn}{row.Row}"] = explanation;
        }

        using var folder = new TempFolder();
        var input = folder.Write("blank.xlsx", FormKit.Blank(context));
        var output = Path.Combine(folder.Path, "filled.xlsx");
        var script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book[sys.argv[3]]
            for cell, value in json.loads(open(sys.argv[4], encoding="utf-8").read()).items():
                sheet[cell] = value
            book.save(sys.argv[2])
            """;
        var values = folder.Write("cells.json", JsonSerializer.SerializeToUtf8Bytes(cells));
        var result = Run(Python, "-c", script, input, output, FormLayout.SheetName, values);
        Assert.True(result.ExitCode == 0, result.Errors);
        return File.ReadAllBytes(output);
    }

    /// <summary>Python's csv module writes the CSV a spreadsheet in a Vietnamese locale exports: ';', a BOM, decimal commas.</summary>
    private static byte[] CsvFromPython(Dictionary<string, (object Answer, string Explanation)> answers)
    {
        using var folder = new TempFolder();
        var rows = answers.Select(a => new[] { a.Key, a.Value.Answer is decimal n ? n.ToString(CultureInfo.GetCultureInfo("vi-VN")) : (string)a.Value.Answer, a.Value.Explanation });
        var input = folder.Write("rows.json", JsonSerializer.SerializeToUtf8Bytes(rows));
        var output = Path.Combine(folder.Path, "phieu.csv");
        var script = """
            import csv, json, sys
            rows = json.loads(open(sys.argv[1], encoding="utf-8").read())
            with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f, delimiter=";")
                w.writerow(["ma", "tu_danh_gia", "giai_trinh"])
                w.writerows(rows)
            """;
        var result = Run(Python, "-c", script, input, output);
        Assert.True(result.ExitCode == 0, result.Errors);
        return File.ReadAllBytes(output);
    }

    private static (int ExitCode, string Errors) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, errors.Result);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("iteval-interop-").FullName;

        public string Write(string name, byte[] content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(file, content);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
