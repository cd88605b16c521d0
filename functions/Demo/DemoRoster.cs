using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Demo;

/// <summary>
/// The demo's province: the Party bloc's 24 units in two ranking groups (provincial Party boards, the
/// Fatherland Front and mass organisations, the newspaper and the political school; the district and
/// town Party committees), the four-group rubric for Party and mass organisations, and a team of four.
/// Every address is under <c>demo.gov.vn</c>: the local mailbox keeps them, nothing leaves the machine.
/// </summary>
public static class DemoRoster
{
    public const string ProvincialGroup = "khoi-tinh", DistrictGroup = "khoi-huyen";

    private static readonly (string Code, string Name, string Group, string District)[] Units =
    [
        ("VPTU", "Văn phòng Tỉnh ủy", ProvincialGroup, "tp"),
        ("BTCTU", "Ban Tổ chức Tỉnh ủy", ProvincialGroup, "tp"),
        ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", ProvincialGroup, "tp"),
        ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", ProvincialGroup, "tp"),
        ("BNCTU", "Ban Nội chính Tỉnh ủy", ProvincialGroup, "tp"),
        ("DUCQD", "Đảng ủy các cơ quan Đảng tỉnh", ProvincialGroup, "tp"),
        ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh", ProvincialGroup, "tp"),
        ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", ProvincialGroup, "tp"),
        ("TINHDOAN", "Tỉnh đoàn", ProvincialGroup, "tp"),
        ("HND", "Hội Nông dân tỉnh", ProvincialGroup, "tp"),
        ("HCCB", "Hội Cựu chiến binh tỉnh", ProvincialGroup, "tp"),
        ("LDLD", "Liên đoàn Lao động tỉnh", ProvincialGroup, "tp"),
        ("BAO", "Báo tỉnh", ProvincialGroup, "tp"),
        ("TCT", "Trường Chính trị tỉnh", ProvincialGroup, "tp"),
        ("TU-TP", "Thành ủy thành phố", DistrictGroup, "tp"),
        ("TU-TX", "Thị ủy thị xã", DistrictGroup, "tx"),
        ("HU-AN", "Huyện ủy An Phú", DistrictGroup, "an-phu"),
        ("HU-BINH", "Huyện ủy Bình Sơn", DistrictGroup, "binh-son"),
        ("HU-CAM", "Huyện ủy Cẩm Giang", DistrictGroup, "cam-giang"),
        ("HU-DONG", "Huyện ủy Đông Hải", DistrictGroup, "dong-hai"),
        ("HU-GIA", "Huyện ủy Gia Lộc", DistrictGroup, "gia-loc"),
        ("HU-HOA", "Huyện ủy Hòa Vang", DistrictGroup, "hoa-vang"),
        ("HU-KIM", "Huyện ủy Kim Thành", DistrictGroup, "kim-thanh"),
        ("HU-LAM", "Huyện ủy Lâm Hà", DistrictGroup, "lam-ha"),
    ];

    /// <summary>The team: four members in two teams of two; one works at the Trường Chính trị and never appraises it.</summary>
    public static IReadOnlyList<TeamMember> Team { get; } =
    [
        new("tv1", "Nguyễn Văn An", "an.nv@demo.gov.vn", Team: "1", Leader: true),
        new("tv2", "Trần Thị Bình", "binh.tt@demo.gov.vn", Conflicts: ["tct"], Team: "1"),
        new("tv3", "Lê Minh Châu", "chau.lm@demo.gov.vn", Team: "2", Leader: true),
        new("tv4", "Phạm Quốc Dũng", "dung.pq@demo.gov.vn", Team: "2"),
    ];

    public static IReadOnlyList<string> UnitIds { get; } = [.. Units.Select(u => Id(u.Code))];

    public static string Id(string code) => code.ToLowerInvariant();

    /// <summary>
    /// A cycle whose dates are near <paramref name="today"/>: the deadline in two weeks, the appraisal
    /// window the month after it.
    /// </summary>
    public static CycleDefinition Definition(string id, DateOnly today)
    {
        var rubric = RubricSnapshot.Of(BuiltInRubrics.Load(BuiltInRubrics.PartyAndMassOrganisations));
        var deadline = today.AddDays(14);
        return new CycleDefinition(
            id, today.Year, $"Đánh giá, xếp hạng mức độ ứng dụng CNTT khối Đảng, đoàn thể năm {today.Year} (dữ liệu mẫu)",
            CycleCalendar.DefaultTimeZone, rubric.Json, rubric.Sha256,
            ScoringMethod.Points, UnappraisedPolicy.UseSelfScore, NotSubmittedPolicy.RankLastWithZero, [],
            deadline, CycleDefinition.DefaultReminderDays, deadline.AddDays(5), deadline.AddDays(40), 3, [],
            ["cntt@demo.gov.vn"], Team,
            [.. Units.Select(u => new UnitInfo(Id(u.Code), u.Code, u.Name, u.Group, u.District, [$"{Id(u.Code)}@demo.gov.vn"]))],
            RankingGroupNames: new Dictionary<string, string>
            {
                [ProvincialGroup] = "Khối các cơ quan Đảng, MTTQ và đoàn thể tỉnh",
                [DistrictGroup] = "Khối huyện ủy, thị ủy, thành ủy",
            },
            DocumentHeader: DocumentHeader.Party with { ParentAgency = "Tỉnh ủy Lâm Đồng", Place = "Lâm Đồng", SignerName = "Nguyễn Văn Demo" });
    }
}
