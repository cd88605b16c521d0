using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Forms;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Tests.Forms;

public sealed class FormRoundTripTests
{
    [Theory]
    [InlineData(BuiltInRubrics.PartyAndMassOrganisations)]
    [InlineData(BuiltInRubrics.DepartmentsAndDistricts)]
    public void A_generated_form_filled_in_reads_back_with_the_same_values(string rubricName)
    {
        var context = FormKit.Context(rubricName);
        var answers = FormKit.TypicalAnswers(context.Rubric);

        var result = FormKit.Read(FormKit.Fill(FormKit.Blank(context), answers), context);

        Assert.True(result.Accepted, string.Join(Environment.NewLine, result.Problems));
        var assessment = result.Assessment!;
        Assert.Equal(context.Rubric.Leaves.Select(l => l.Code), assessment.Answers.Select(a => a.Code));
        Assert.All(assessment.Answers, a => Assert.Equal(answers[a.Code].Explanation, a.Explanation));
        Assert.All(assessment.Answers, a => Assert.Equal(ExpectedPoints(context.Rubric.FindCriterion(a.Code)!, answers[a.Code].Answer), a.Points));
        Assert.Equal((context.CycleId, context.UnitId, context.Rubric.Id, context.Rubric.Version), (assessment.CycleId, assessment.UnitId, assessment.RubricId, assessment.RubricVersion));
    }

    [Fact]
    public void The_total_is_recomputed_from_the_rubric_and_never_taken_from_the_file()
    {
        var context = FormKit.Context();
        var filled = FormKit.Fill(FormKit.Blank(context), FormKit.TypicalAnswers(context.Rubric));
        var withFakeTotals = FormKit.Edit(filled, sheet =>
        {
            foreach (var formula in sheet.Descendants<Cell>().Where(c => c.CellFormula is not null))
            {
                formula.CellValue = new CellValue("999");
            }
        });

        var assessment = FormKit.Read(withFakeTotals, context).Assessment!;

        var expected = Scoring.Score(context.Rubric, new UnitAssessment("u", "g", true, assessment.Points, new Dictionary<string, AppraisedScore>()), new ScoringSettings()).Total;
        Assert.Equal(expected, assessment.TotalPoints);
        Assert.InRange(assessment.TotalPoints, 1m, 100m);
    }

    [Fact]
    public void Decimals_stored_by_Excel_as_binary_doubles_read_as_typed()
    {
        var context = FormKit.Context();
        var answers = FormKit.TypicalAnswers(context.Rubric);
        var form = FormKit.Edit(FormKit.Fill(FormKit.Blank(context), answers), sheet =>
            FormKit.RowOf(sheet, "2.4").Elements<Cell>().Single(c => c.CellReference!.Value!.StartsWith('E')).CellValue = new CellValue("3.3500000000000001"));

        var result = FormKit.Read(form, context);

        Assert.Equal(3.35m, result.Assessment!.Answers.Single(a => a.Code == "2.4").Points);
    }

    [Fact]
    public void The_form_carries_the_unit_its_deadline_validation_protection_and_print_setup()
    {
        var context = FormKit.Context();
        using var document = SpreadsheetDocument.Open(new MemoryStream(FormKit.Blank(context)), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        var form = (WorksheetPart)workbook.GetPartById(sheets[0].Id!);
        var text = string.Join("\n", form.Worksheet.Descendants<Cell>().Select(c => c.InnerText));
        var validations = form.Worksheet.Descendants<DataValidation>().ToList();
        var layout = FormLayout.For(context.Rubric);

        Assert.Contains("Đơn vị: Sở Thông tin và Truyền thông (mã STTTT)", text, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: 15/12/2026", text, StringComparison.Ordinal);
        Assert.Equal(SheetStateValues.VeryHidden, sheets[1].State!.Value);
        Assert.True(form.Worksheet.GetFirstChild<SheetProtection>()!.Sheet!.Value);
        Assert.True(workbook.Workbook.GetFirstChild<WorkbookProtection>()!.LockStructure!.Value);
        Assert.Equal(layout.Leaves.Count(), validations.Count);
        var points = validations.Single(v => v.SequenceOfReferences!.InnerText == $"E{layout.Leaves.Single(l => l.Code == "2.4").Row}");
        Assert.Equal(("0", "4"), (points.Formula1!.Text, points.Formula2!.Text));
        var yesNo = validations.Single(v => v.SequenceOfReferences!.InnerText == $"E{layout.Leaves.Single(l => l.Code == "1.1").Row}");
        Assert.Equal("\"Có,Không\"", yesNo.Formula1!.Text);
        var setup = form.Worksheet.GetFirstChild<PageSetup>()!;
        Assert.Equal((9u, 1u, 0u), (setup.PaperSize!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value));
    }

    [Fact]
    public void Only_the_answer_and_explanation_cells_are_editable()
    {
        var context = FormKit.Context();
        using var document = SpreadsheetDocument.Open(new MemoryStream(FormKit.Blank(context)), false);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var form = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);

        var unlocked = form.Worksheet.Descendants<Cell>()
            .Where(c => formats[(int)(c.StyleIndex?.Value ?? 0)].Protection?.Locked?.Value == false)
            .Select(c => c.CellReference!.Value!)
            .ToHashSet();

        var expected = FormLayout.For(context.Rubric).Leaves.SelectMany(l => new[] { $"E{l.Row}", $"F{l.Row}" }).ToHashSet();
        Assert.Equal(expected, unlocked);
    }

    [Fact]
    public void Explanations_that_would_run_as_formulas_in_exports_are_neutralised()
    {
        var context = FormKit.Context();
        var answers = FormKit.TypicalAnswers(context.Rubric);
        answers["1.1"] = ("Có", "=HYPERLINK(\"http://x\",\"minh chứng\")");
        answers["1.2"] = ("Có", "@SUM(A1)");

        var assessment = FormKit.Read(FormKit.Fill(FormKit.Blank(context), answers), context).Assessment!;

        Assert.Equal("'=HYPERLINK(\"http://x\",\"minh chứng\")", assessment.Answers.Single(a => a.Code == "1.1").Explanation);
        Assert.Equal("'@SUM(A1)", assessment.Answers.Single(a => a.Code == "1.2").Explanation);
    }

    [Theory]
    [InlineData("Có", 3)]
    [InlineData("có", 3)]
    [InlineData("Co\u0301", 3)]
    [InlineData("Yes", 3)]
    [InlineData("Không", 0)]
    public void Yes_no_answers_accept_both_languages_and_decomposed_Vietnamese(string typed, decimal points)
    {
        var context = FormKit.Context();
        var answers = FormKit.TypicalAnswers(context.Rubric);
        answers["1.1"] = (typed, "Kế hoạch số 1");

        var assessment = FormKit.Read(FormKit.Fill(FormKit.Blank(context), answers), context).Assessment!;

        Assert.Equal(points, assessment.Answers.Single(a => a.Code == "1.1").Points);
    }

    private static decimal ExpectedPoints(Criterion criterion, object answer) => criterion.Answer switch
    {
        YesNoAnswer => (string)answer == "Có" ? criterion.MaxPoints : 0m,
        LevelAnswer level => level.Find((string)answer)!.Points,
        PercentageAnswer percentage => percentage.ToPoints((decimal)answer, criterion.MaxPoints),
        _ => (decimal)answer,
    };
}
