namespace ItEval.Cycle;

/// <summary>
/// The parts of an official document (văn bản hành chính, Decree 30/2020/NĐ-CP; for the Party bloc the
/// Party's own rules, Hướng dẫn 36-HD/VPTW) that belong to the issuing office: the governing body and the
/// issuing agency (top left), the national title and motto (top right; Party bodies put "ĐẢNG CỘNG SẢN VIỆT
/// NAM" and no motto), the number's symbol (the number itself is left blank to be filled when the document
/// is registered), the place before the date, the signer's title and name, and the recipients. Part of the
/// cycle's definition, so each edition's documents say who issued them.
/// </summary>
public sealed record DocumentHeader(
    string ParentAgency,
    string IssuingAgency,
    string NationalTitle,
    string Motto,
    string NumberSymbol,
    string Place,
    string SignerTitle,
    string SignerName,
    string Recipients)
{
    /// <summary>Longest text of any field: a header is a few lines, not a document.</summary>
    public const int MaxFieldLength = 400;

    public const string StateTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

    public const string PartyTitle = "ĐẢNG CỘNG SẢN VIỆT NAM";

    /// <summary>
    /// Texts are in sentence case (the PDF writes the agencies in capitals; the body says "Sở Khoa học và
    /// Công nghệ thông báo …"). The state bloc's template: a provincial department (since the 2025 reorganisation the Department of
    /// Science and Technology runs IT application). The governing body and the place name the province and
    /// are left for the admin: a document must not go out saying "Tỉnh".
    /// </summary>
    public static readonly DocumentHeader State = new(
        "", "Sở Khoa học và Công nghệ", StateTitle, "Độc lập - Tự do - Hạnh phúc", "TB-SKHCN", "",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "", "- Các cơ quan, đơn vị được đánh giá;\n- Lãnh đạo Sở;\n- Lưu: VT.");

    /// <summary>The Party bloc's template: the provincial Party committee's office (Văn phòng Tỉnh ủy) issues it.</summary>
    public static readonly DocumentHeader Party = new(
        "", "Văn phòng Tỉnh ủy", PartyTitle, "", "TB/VPTU", "",
        "K/T CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", "", "- Các cơ quan, đơn vị được đánh giá;\n- Lãnh đạo Văn phòng;\n- Lưu Văn phòng Tỉnh ủy.");

    /// <summary>The template of the rubric's bloc: Party, Fatherland Front and mass organisations, or the state's departments and communes.</summary>
    public static DocumentHeader For(Rubrics.Rubric rubric) => IsPartyBloc(rubric) ? Party : State;

    public static bool IsPartyBloc(Rubrics.Rubric rubric) =>
        rubric.Id == Rubrics.BuiltInRubrics.PartyAndMassOrganisations || rubric.Name.Vi.Contains("Đảng", StringComparison.Ordinal);

    /// <summary>Party documents: "Số 12-TB/VPTU", no colon; state documents: "Số: 12/TB-SKHCN".</summary>
    public bool PartyStyle => NationalTitle.Trim().Equals(PartyTitle, StringComparison.OrdinalIgnoreCase);

    /// <summary>Each blank field takes the template's text; what the admin wrote stays.</summary>
    public DocumentHeader OrDefaults(DocumentHeader template) => new(
        Or(ParentAgency, template.ParentAgency), Or(IssuingAgency, template.IssuingAgency), Or(NationalTitle, template.NationalTitle),
        NationalTitle.Trim().Length == 0 ? template.Motto : Motto.Trim(), Or(NumberSymbol, template.NumberSymbol), Or(Place, template.Place),
        Or(SignerTitle, template.SignerTitle), SignerName.Trim(), Or(Recipients, template.Recipients));

    private static string Or(string value, string fallback) => value.Trim().Length > 0 ? value.Trim() : fallback;

    /// <summary>
    /// What stops an edition from being published with this header, "vi / en": the parts that name the
    /// province or the agency are missing, or still the placeholder of earlier versions ("Tỉnh").
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ParentAgency.Trim().Length == 0 || ParentAgency.Trim().Equals("Ủy ban nhân dân tỉnh", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(PartyStyle
                ? "Chưa ghi cơ quan cấp trên (ví dụ: Tỉnh ủy Lâm Đồng). / The parent body is missing (e.g. Tỉnh ủy Lâm Đồng)."
                : "Chưa ghi cơ quan chủ quản (ví dụ: Ủy ban nhân dân tỉnh Lâm Đồng). / The governing body is missing (e.g. Ủy ban nhân dân tỉnh Lâm Đồng).");
        }

        if (IssuingAgency.Trim().Length == 0)
        {
            problems.Add("Chưa ghi cơ quan ban hành. / The issuing agency is missing.");
        }

        if (NationalTitle.Trim().Length == 0)
        {
            problems.Add($"Chưa ghi quốc hiệu ({StateTitle}) hoặc tiêu đề Đảng ({PartyTitle}). / The national title is missing.");
        }

        if (NumberSymbol.Trim().Length == 0)
        {
            problems.Add("Chưa ghi ký hiệu văn bản (ví dụ: TB-SKHCN). / The document symbol is missing (e.g. TB-SKHCN).");
        }

        if (Place.Trim().Length == 0 || Place.Trim().Equals("Tỉnh", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Chưa ghi địa danh trước ngày tháng (ví dụ: Lâm Đồng). / The place before the date is missing (e.g. Lâm Đồng).");
        }

        if (TooLong)
        {
            problems.Add($"Mỗi mục tối đa {MaxFieldLength} ký tự. / Each field holds at most {MaxFieldLength} characters.");
        }

        return problems;
    }

    /// <summary>A field longer than <see cref="MaxFieldLength"/> (or missing, in a body a client sent).</summary>
    public bool TooLong => new[] { ParentAgency, IssuingAgency, NationalTitle, Motto, NumberSymbol, Place, SignerTitle, SignerName, Recipients }
        .Any(f => f is null || f.Length > MaxFieldLength);

    /// <summary>
    /// "Lâm Đồng, ngày 05 tháng 02 năm 2027": a 0 before days under 10 and months under 3 (tháng 01,
    /// tháng 02, tháng 3 …). Without a place, the date line alone ("Ngày 05 tháng 02 năm 2027"), never "Tỉnh, ngày".
    /// </summary>
    public string PlaceAndDate(DateOnly day)
    {
        var month = day.Month < 3 ? day.Month.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) : day.Month.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var date = $"ngày {day.Day:D2} tháng {month} năm {day.Year}";
        return Place.Trim().Length == 0 ? "N" + date[1..] : $"{Place.Trim()}, {date}";
    }

    /// <summary>The number is left blank (non-breaking spaces keep the gap) to be filled when the document is registered.</summary>
    public string Number => PartyStyle
        ? $"Số\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0-{NumberSymbol}"
        : $"Số:\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0/{NumberSymbol}";
}
