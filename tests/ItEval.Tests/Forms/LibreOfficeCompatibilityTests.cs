using System.Diagnostics;
using ItEval.Forms;
using ItEval.Rubrics;

namespace ItEval.Tests.Forms;

/// <summary>
/// Units fill forms in Excel, WPS or LibreOffice. LibreOffice (installed by test.sh) opens the generated
/// form headless, recalculates and saves it again; the re-saved file must read back the same.
/// Skipped (and shown as skipped) only where LibreOffice cannot be installed, e.g. without root.
/// </summary>
public sealed class LibreOfficeCompatibilityTests
{
    [SkippableTheory]
    [InlineData(BuiltInRubrics.PartyAndMassOrganisations)]
    [InlineData(BuiltInRubrics.DepartmentsAndDistricts)]
    public async Task A_form_resaved_by_LibreOffice_reads_back_with_the_same_values(string rubric)
    {
        var context = FormKit.Context(rubric);
        var filled = FormKit.Fill(FormKit.Blank(context), FormKit.TypicalAnswers(context.Rubric));
        var original = FormKit.Read(filled, context).Assessment!;

        var resaved = await LibreOffice.ResaveAsync(filled);
        var result = FormKit.Read(resaved, context);

        Assert.NotEqual(filled, resaved);
        Assert.True(result.Accepted, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(original.Answers, result.Assessment!.Answers);
        Assert.Equal(original.TotalPoints, result.Assessment.TotalPoints);
    }
}

/// <summary>LibreOffice headless, as a unit's computer would run it: opens a workbook, recalculates and saves it as .xlsx.</summary>
internal static class LibreOffice
{
    private static readonly string[] Candidates = ["/usr/bin/soffice", "/usr/bin/libreoffice"];

    public static async Task<byte[]> ResaveAsync(byte[] workbook)
    {
        var soffice = Candidates.FirstOrDefault(File.Exists);
        Skip.If(soffice is null, "LibreOffice is not installed: ./test.sh installs libreoffice-calc-nogui when it runs as root.");

        var folder = Directory.CreateTempSubdirectory("iteval-lo-");
        try
        {
            var input = Path.Combine(folder.FullName, "in", "phieu.xlsx");
            Directory.CreateDirectory(Path.GetDirectoryName(input)!);
            await File.WriteAllBytesAsync(input, workbook);
            var start = new ProcessStartInfo(soffice!)
            {
                ArgumentList =
                {
                    // A profile of its own, so tests running in parallel do not share LibreOffice's lock.
                    $"-env:UserInstallation=file://{folder.FullName}/profile",
                    "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", Path.Combine(folder.FullName, "out"), input,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            var saved = Path.Combine(folder.FullName, "out", "phieu.xlsx");
            Assert.True(File.Exists(saved), $"LibreOffice did not save the file: {await output} {await errors}");
            return await File.ReadAllBytesAsync(saved);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
