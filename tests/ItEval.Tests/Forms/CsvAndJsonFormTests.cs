using System.Text;
using ItEval.Forms;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Forms;

public sealed class CsvAndJsonFormTests
{
    private static readonly FormContext Context = FormKit.Context();

    [Theory]
    [InlineData("self-assessment.csv")]
    [InlineData("self-assessment.json")]
    public void The_documented_samples_are_accepted(string sample)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryRoot.Find(), "docs", "samples", sample));

        var result = FormKit.Read(bytes, Context, sample);

        Assert.True(result.Accepted, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(28, result.Assessment!.Answers.Count);
        Assert.Equal("Kế hoạch số 15/KH-STTTT, ngày 10/01/2026; \"đã ký số\", kèm danh mục", result.Assessment.Answers[0].Explanation);
        Assert.Equal(3m * 0.875m, result.Assessment.Answers.Single(a => a.Code == "4.4").Points);
    }

    [Fact]
    public void Csv_and_json_samples_give_the_same_self_assessment()
    {
        var root = Path.Combine(RepositoryRoot.Find(), "docs", "samples");

        var csv = FormKit.Read(File.ReadAllBytes(Path.Combine(root, "self-assessment.csv")), Context, "a.csv").Assessment!;
        var json = FormKit.Read(File.ReadAllBytes(Path.Combine(root, "self-assessment.json")), Context, "a.json").Assessment!;

        Assert.Equal(csv.Answers.Select(a => (a.Code, a.Points, a.Explanation)), json.Answers.Select(a => (a.Code, a.Points, a.Explanation)));
        Assert.Equal(csv.TotalPoints, json.TotalPoints);
    }

    [Fact]
    public void Csv_problems_name_their_line()
    {
        var csv = Sample().Replace("2.4,3,", "2.4,9,", StringComparison.Ordinal).Replace("1.2,Có,", "1.2,Chưa,", StringComparison.Ordinal)
            + "9.9,1,không có\n1.3,Có,lặp lại\n";

        var problems = FormKit.Read(Encoding.UTF8.GetBytes(csv), Context, "tu-danh-gia.csv").Problems;

        Assert.Equal(
        [
            "Dòng 30: không có tiêu chí mã \"9.9\" trong bộ tiêu chí",
            "Dòng 31: tiêu chí 1.3 bị nhập hai lần",
            "Dòng 3: \"Chưa\" không hợp lệ, hãy nhập Có hoặc Không",
            "Dòng 9: điểm 9 vượt quá điểm tối đa 4",
        ], problems.Select(p => p.Vi.Split(" (tiêu chí ")[0]));
        // A wrong answer also names its criterion and what it takes (issue 24).
        Assert.EndsWith(": nhập điểm từ 0 đến 4)", problems[3].Vi, StringComparison.Ordinal);
        Assert.Contains("(tiêu chí 2.4 ", problems[3].Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_missing_criteria_are_listed()
    {
        var lines = Sample().Split('\n').Where(l => !l.StartsWith("4.2.", StringComparison.Ordinal));

        var problems = FormKit.Read(Encoding.UTF8.GetBytes(string.Join('\n', lines)), Context, "a.csv").Problems;

        Assert.Equal(["Tệp: thiếu tiêu chí 4.2.1", "Tệp: thiếu tiêu chí 4.2.2", "Tệp: thiếu tiêu chí 4.2.3"], problems.Select(p => p.Vi));
    }

    [Fact]
    public void Csv_with_semicolons_and_vietnamese_headers_is_accepted()
    {
        var csv = "ma;tu_danh_gia;giai_trinh\n" + string.Join('\n', Sample().Split('\n').Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Replace("87,5", "\"87,5\"", StringComparison.Ordinal)).Select(ToSemicolons));

        var result = FormKit.Read(Encoding.UTF8.GetBytes(csv), Context, "a.csv");

        Assert.True(result.Accepted, string.Join(Environment.NewLine, result.Problems));
    }

    [Fact]
    public void Csv_that_is_not_utf8_is_refused_with_what_to_do()
    {
        var latin1 = Encoding.Latin1.GetBytes("code,answer,explanation\n1.1,Có,Tài liệu\n");

        Assert.Equal("Tệp: tệp CSV phải được lưu với bảng mã UTF-8", Assert.Single(FormKit.Read(latin1, Context, "a.csv").Problems).Vi);
    }

    [Fact]
    public void Csv_without_the_header_is_refused()
    {
        var problem = Assert.Single(FormKit.Read("1.1,Có,x\n"u8.ToArray(), Context, "a.csv").Problems);

        Assert.Equal("Dòng 1: dòng tiêu đề phải là: code,answer,explanation (hoặc ma,tu_danh_gia,giai_trinh)", problem.Vi);
    }

    [Fact]
    public void Json_for_another_unit_is_refused()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "samples", "self-assessment.json"))
            .Replace("\"unitId\": \"so-tttt\"", "\"unitId\": \"so-tai-chinh\"", StringComparison.Ordinal);

        Assert.Equal("Tệp: phiếu này được cấp cho đơn vị khác; hãy dùng phiếu của đơn vị mình",
            Assert.Single(FormKit.Read(Encoding.UTF8.GetBytes(json), Context, "a.json").Problems).Vi);
    }

    [Fact]
    public void Json_problems_name_their_path()
    {
        var json = """
            { "cycleId": "2026", "unitId": "so-tttt", "rubricId": "departments-districts", "rubricVersion": 1,
              "answers": [ { "code": "4.2", "answer": 5 }, { "code": "2.4", "answer": "nhiều" } ] }
            """;

        var problems = FormKit.Read(Encoding.UTF8.GetBytes(json), Context, "a.json").Problems;

        Assert.Equal("Mục $.answers[0].answer: tiêu chí 4.2 được tính từ các tiêu chí thành phần, không nhập trực tiếp", problems[0].Vi);
        Assert.Contains(problems, p => p.Vi.StartsWith("Mục $.answers[1].answer: điểm \"nhiều\" không phải là số (tiêu chí ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Vi == "Mục $.answers: thiếu tiêu chí 1.1");
    }

    [Fact]
    public void Broken_json_is_refused_with_its_line() =>
        Assert.Equal("Dòng 2: tệp JSON không hợp lệ", Assert.Single(FormKit.Read("{\n \"cycleId\": ,\n}"u8.ToArray(), Context, "a.json").Problems).Vi);

    private static string Sample() => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "samples", "self-assessment.csv"));

    private static string ToSemicolons(string line)
    {
        var builder = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            quoted ^= c == '"';
            builder.Append(c == ',' && !quoted ? ';' : c);
        }

        return builder.ToString();
    }
}
