using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ItEval.Rubrics;

namespace ItEval.Forms;

/// <summary>
/// Builds a unit's personalised evaluation form (.xlsx): header, one row per criterion, yellow input
/// cells with data validation, formulas for the points and totals, protected structure, A4 print setup,
/// and a very hidden sheet with the form's identity signed by <see cref="FormSignature"/>.
/// </summary>
public sealed class FormGenerator(FormSignature signature)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public byte[] Generate(FormContext context)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = FormStyles.Create();

            var form = workbook.AddNewPart<WorksheetPart>();
            form.Worksheet = FormSheet(context, FormLayout.For(context.Rubric));
            var meta = workbook.AddNewPart<WorksheetPart>();
            meta.Worksheet = MetadataSheet(context);

            workbook.Workbook.Append(
                new WorkbookProtection { LockStructure = true },
                new Sheets(
                    new Sheet { Name = FormLayout.SheetName, SheetId = 1, Id = workbook.GetIdOfPart(form) },
                    new Sheet { Name = FormLayout.MetadataSheetName, SheetId = 2, Id = workbook.GetIdOfPart(meta), State = SheetStateValues.VeryHidden }),
                new DefinedNames(new DefinedName($"'{FormLayout.SheetName}'!${FormLayout.HeaderRow}:${FormLayout.HeaderRow}")
                {
                    Name = "_xlnm.Print_Titles",
                    LocalSheetId = 0,
                }),
                new CalculationProperties { FullCalculationOnLoad = true });
        }

        return buffer.ToArray();
    }

    private static Worksheet FormSheet(FormContext context, FormLayout layout)
    {
        var rubric = context.Rubric;
        var data = new SheetData();
        Row(data, 1, (FormLayout.CodeColumn, Text("PHIẾU TỰ ĐÁNH GIÁ MỨC ĐỘ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN", FormStyles.Title)));
        Row(data, 2, (FormLayout.CodeColumn, Text($"Kỳ đánh giá: {context.CycleName}", FormStyles.Plain)));
        Row(data, 3, (FormLayout.CodeColumn, Text($"Đơn vị: {context.UnitName} (mã {context.UnitCode})", FormStyles.Plain)));
        Row(data, 4, (FormLayout.CodeColumn, Text($"Hạn nộp: {context.Deadline.ToString("dd/MM/yyyy", Invariant)}", FormStyles.Plain)));
        Row(data, 5, (FormLayout.CodeColumn, Text($"{rubric.Name.Vi} (phiên bản {rubric.Version})", FormStyles.Plain)));
        Row(data, 6, (FormLayout.CodeColumn, Text(
            "Nhập vào các ô màu vàng: cột E (tự đánh giá) và cột F (giải trình, tên tệp minh chứng). Không thêm, xóa hay đổi thứ tự các dòng.",
            FormStyles.Plain)));
        Row(data, FormLayout.HeaderRow, height: 32,
            ("A", Text("Mã", FormStyles.Header)), ("B", Text("Tiêu chí", FormStyles.Header)),
            ("C", Text("Hướng dẫn chấm", FormStyles.Header)), ("D", Text("Điểm tối đa", FormStyles.Header)),
            ("E", Text("Tự đánh giá", FormStyles.Header)), ("F", Text("Giải trình / minh chứng", FormStyles.Header)),
            ("G", Text("Điểm tự chấm", FormStyles.Header)));

        var validations = new DataValidations();
        foreach (var row in layout.Rows)
        {
            var r = row.Row;
            var style = row.Kind == FormRowKind.Leaf ? FormStyles.Text : FormStyles.GroupRow;
            var numberStyle = row.Kind == FormRowKind.Leaf ? FormStyles.Number : FormStyles.Total;
            var points = row.Kind == FormRowKind.Leaf
                ? PointsFormula(row.Criterion!, r)
                : string.Join('+', row.ChildRows.Select(c => $"G{c}"));
            if (row.Kind == FormRowKind.Leaf)
            {
                var guidance = Guidance(row.Criterion!);
                Row(data, r, height: LineHeight * Math.Max(Lines(row.Name.Vi, NameWidth), Lines(guidance, GuidanceWidth)),
                    ("A", Text(row.Code, style)), ("B", Text(row.Name.Vi, style)), ("C", Text(guidance, style)),
                    ("D", Number(row.MaxPoints, numberStyle)), ("E", Empty(FormStyles.InputNumber)), ("F", Empty(FormStyles.InputText)),
                    ("G", Formula(points, numberStyle)));
                validations.Append(Validation(row.Criterion!, r, rubric.ScoreDecimals));
            }
            else
            {
                Row(data, r, height: LineHeight * Lines(row.Name.Vi, NameWidth),
                    ("A", Text(row.Code, style)), ("B", Text(row.Name.Vi, style)), ("C", Empty(style)),
                    ("D", Number(row.MaxPoints, numberStyle)), ("E", Empty(style)), ("F", Empty(style)), ("G", Formula(points, numberStyle)));
            }
        }

        var groupRows = layout.Rows.Where(r => r.Kind == FormRowKind.Group).Select(r => $"G{r.Row}");
        Row(data, layout.TotalRow,
            ("A", Empty(FormStyles.GroupRow)), ("B", Text("TỔNG ĐIỂM", FormStyles.GroupRow)), ("C", Empty(FormStyles.GroupRow)),
            ("D", Number(rubric.MaxPoints, FormStyles.Total)), ("E", Empty(FormStyles.GroupRow)), ("F", Empty(FormStyles.GroupRow)),
            ("G", Formula(string.Join('+', groupRows), FormStyles.Total)));
        validations.Count = (uint)validations.ChildElements.Count;

        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = FormLayout.HeaderRow,
                TopLeftCell = $"A{FormLayout.FirstDataRow}",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }),
            new Columns(
                Column(1, 8), Column(2, NameWidth), Column(3, GuidanceWidth), Column(4, 9), Column(5, 12), Column(6, 36), Column(7, 11)),
            data,
            // Only the yellow cells are unlocked; formatting rows and columns stays allowed for printing.
            new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, SelectLockedCells = false },
            new MergeCells(Enumerable.Range(1, 6).Select(r => new MergeCell { Reference = $"A{r}:G{r}" })),
            validations,
            new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
    }

    private Worksheet MetadataSheet(FormContext context)
    {
        var metadata = FormMetadata.Of(context);
        var data = new SheetData();
        var values = new (string Key, string Value)[]
        {
            ("formId", metadata.FormId), ("cycleId", metadata.CycleId), ("unitId", metadata.UnitId),
            ("rubricId", metadata.RubricId), ("rubricVersion", metadata.RubricVersion.ToString(Invariant)),
            ("signature", signature.Sign(metadata)),
        };
        for (var i = 0; i < values.Length; i++)
        {
            Row(data, i + 1, ("A", Text(values[i].Key, 0)), ("B", Text(values[i].Value, 0)));
        }

        return new Worksheet(data, new SheetProtection { Sheet = true, Objects = true, Scenarios = true });
    }

    /// <summary>The Excel formula that turns the answer in column E into points, mirroring <see cref="AnswerRules"/>.</summary>
    private static string PointsFormula(Criterion criterion, int r)
    {
        var e = $"E{r}";
        var max = criterion.MaxPoints.ToString(Invariant);
        return criterion.Answer switch
        {
            YesNoAnswer => $"IF(OR({e}=\"Có\",{e}=\"Yes\"),{max},0)",
            LevelAnswer level => level.Levels.Reverse().Aggregate("0", (rest, l) => $"IF({e}=\"{l.Code}\",{l.Points.ToString(Invariant)},{rest})"),
            PercentageAnswer { Rule: PercentageRule.Linear } => $"IF(ISNUMBER({e}),MIN(MAX({e},0),100)*{max}/100,0)",
            PercentageAnswer steps => "IF(ISNUMBER(" + e + ")," +
                steps.Steps.Reverse().Aggregate("0", (rest, s) => $"IF({e}>={s.MinPercent.ToString(Invariant)},{s.Points.ToString(Invariant)},{rest})") + ",0)",
            _ => $"IF(ISNUMBER({e}),MIN(MAX({e},0),{max}),0)",
        };
    }

    private static string Guidance(Criterion criterion)
    {
        var how = criterion.Answer switch
        {
            YesNoAnswer => "Nhập Có hoặc Không.",
            LevelAnswer level => "Nhập mã mức: " + string.Join("; ", level.Levels.Select(l => $"{l.Code} = {l.Name.Vi} ({Numbers.Vi(l.Points)} điểm)")) + ".",
            PercentageAnswer { Rule: PercentageRule.Linear } => $"Nhập tỷ lệ % (0 đến 100); điểm = {Numbers.Vi(criterion.MaxPoints)} × tỷ lệ.",
            PercentageAnswer steps => "Nhập tỷ lệ % (0 đến 100); " + string.Join("; ", steps.Steps.Select(s => $"từ {Numbers.Vi(s.MinPercent)}%: {Numbers.Vi(s.Points)} điểm")) + ".",
            _ => $"Nhập điểm từ 0 đến {Numbers.Vi(criterion.MaxPoints)}.",
        };
        var evidence = criterion.EvidenceRequired ? " Cần giải trình, minh chứng." : "";
        return criterion.Guidance is { } guidance ? $"{guidance.Vi} {how}{evidence}" : how + evidence;
    }

    private static DataValidation Validation(Criterion criterion, int r, int decimals)
    {
        var cell = new ListValue<StringValue> { InnerText = $"E{r}" };
        var (type, formula1, formula2, message) = criterion.Answer switch
        {
            YesNoAnswer => (DataValidationValues.List, "\"Có,Không\"", null, "Chọn Có hoặc Không. / Choose Có (yes) or Không (no)."),
            LevelAnswer level => (DataValidationValues.List, $"\"{string.Join(',', level.Levels.Select(l => l.Code))}\"", null,
                $"Chọn một mức: {string.Join(", ", level.Levels.Select(l => l.Code))}. / Choose a level."),
            PercentageAnswer => (DataValidationValues.Decimal, "0", "100", "Nhập tỷ lệ từ 0 đến 100. / Enter a percentage from 0 to 100."),
            _ => (DataValidationValues.Decimal, "0", criterion.MaxPoints.ToString(Invariant),
                $"Nhập điểm từ 0 đến {Numbers.Vi(criterion.MaxPoints)}, tối đa {decimals} chữ số thập phân. / Enter 0 to {Numbers.En(criterion.MaxPoints)}."),
        };
        var validation = new DataValidation
        {
            Type = type,
            AllowBlank = true,
            ShowErrorMessage = true,
            ShowInputMessage = true,
            ErrorTitle = "Giá trị không hợp lệ",
            Error = message,
            PromptTitle = $"Tiêu chí {criterion.Code}",
            Prompt = message.Length > 250 ? message[..250] : message,
            SequenceOfReferences = cell,
        };
        if (type != DataValidationValues.List)
        {
            validation.Operator = DataValidationOperatorValues.Between;
        }

        validation.Append(new Formula1(formula1));
        if (formula2 is not null)
        {
            validation.Append(new Formula2(formula2));
        }

        return validation;
    }

    private const double NameWidth = 48;
    private const double GuidanceWidth = 44;
    private const double LineHeight = 15;

    /// <summary>
    /// Lines a wrapped text needs in a column (about one character per unit of width). Row heights are
    /// set because not every spreadsheet program grows wrapped rows by itself.
    /// </summary>
    private static int Lines(string text, double width) => Math.Max(1, (int)Math.Ceiling(text.Length / (width * 1.2)));

    private static Column Column(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    private static void Row(SheetData data, int index, params (string Column, Cell Cell)[] cells) => Row(data, index, null, cells);

    private static void Row(SheetData data, int index, double? height, params (string Column, Cell Cell)[] cells)
    {
        var row = new Row { RowIndex = (uint)index };
        if (height is { } h)
        {
            row.Height = h;
            row.CustomHeight = true;
        }

        foreach (var (column, cell) in cells)
        {
            cell.CellReference = $"{column}{index}";
            row.Append(cell);
        }

        data.Append(row);
    }

    private static Cell Text(string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    private static Cell Number(decimal value, uint style) => new(new CellValue(value.ToString(Invariant))) { StyleIndex = style };

    private static Cell Formula(string formula, uint style) => new(new CellFormula(formula)) { StyleIndex = style };

    private static Cell Empty(uint style) => new() { StyleIndex = style };
}
