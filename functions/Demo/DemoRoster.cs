using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;

namespace ItEval.Demo;

/// <summary>
/// The demo's province, as local government stands from 1 July 2025 (two levels: province and
/// commune/ward, no district level): the Party bloc's 24 units in two ranking groups (the provincial
/// Party boards, the Fatherland Front and the socio-political organisations, the newspaper and
/// broadcaster, the political school; the Party committees of communes, wards and the special zone),
/// the four-group rubric for Party and mass organisations, a team of four, and the planner's geography
/// (neighbouring areas; the island special zone Phú Quý takes a whole day). Every address is under
/// <c>demo.gov.vn</c>: the local mailbox keeps them, nothing leaves the machine.
/// </summary>
public static class DemoRoster
{
    public const string ProvincialGroup = "khoi-tinh", CommuneGroup = "khoi-co-so";

    private const string Capital = "Đà Lạt";

    private static readonly (string Code, string Name, string Group, string District)[] Units =
    [
        ("VPTU", "Văn phòng Tỉnh ủy", ProvincialGroup, Capital),
        ("BTCTU", "Ban Tổ chức Tỉnh ủy", ProvincialGroup, Capital),
        ("BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", ProvincialGroup, Capital),
        ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", ProvincialGroup, Capital),
        ("BNCTU", "Ban Nội chính Tỉnh ủy", ProvincialGroup, Capital),
        ("DUCQD", "Đảng ủy các cơ quan Đảng tỉnh", ProvincialGroup, Capital),
        ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh", ProvincialGroup, Capital),
        ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", ProvincialGroup, Capital),
        ("TINHDOAN", "Tỉnh đoàn", ProvincialGroup, Capital),
        ("HND", "Hội Nông dân tỉnh", ProvincialGroup, Capital),
        ("HCCB", "Hội Cựu chiến binh tỉnh", ProvincialGroup, Capital),
        ("LDLD", "Liên đoàn Lao động tỉnh", ProvincialGroup, Capital),
        ("BAO", "Báo và Phát thanh, Truyền hình tỉnh", ProvincialGroup, Capital),
        ("TCT", "Trường Chính trị tỉnh", ProvincialGroup, Capital),
        ("DU-XH", "Đảng ủy phường Xuân Hương - Đà Lạt", CommuneGroup, Capital),
        ("DU-LV", "Đảng ủy phường Lâm Viên - Đà Lạt", CommuneGroup, Capital),
        ("DU-BL", "Đảng ủy phường 1 Bảo Lộc", CommuneGroup, "Bảo Lộc"),
        ("DU-DT", "Đảng ủy xã Đức Trọng", CommuneGroup, "Đức Trọng"),
        ("DU-PT", "Đảng ủy phường Phan Thiết", CommuneGroup, "Phan Thiết"),
        ("DU-HT", "Đảng ủy xã Hàm Thuận", CommuneGroup, "Hàm Thuận"),
        ("DU-TP", "Đảng ủy xã Tuy Phong", CommuneGroup, "Tuy Phong"),
        ("DU-BB", "Đảng ủy xã Bắc Bình", CommuneGroup, "Bắc Bình"),
        ("DU-GN", "Đảng ủy phường Bắc Gia Nghĩa", CommuneGroup, "Gia Nghĩa"),
        ("DU-PQ", "Đảng ủy đặc khu Phú Quý", CommuneGroup, "Phú Quý"),
    ];

    /// <summary>Areas a team can visit on one day (a road between them), for the planner.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> NeighbourGroups { get; } =
        [[Capital, "Đức Trọng"], ["Đức Trọng", "Bảo Lộc"], ["Phan Thiết", "Hàm Thuận", "Bắc Bình"], ["Bắc Bình", "Tuy Phong"]];

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
                [ProvincialGroup] = "Khối các cơ quan Đảng, MTTQ và các tổ chức chính trị - xã hội tỉnh",
                [CommuneGroup] = "Khối đảng ủy xã, phường, đặc khu",
            },
            FarDistricts: new Dictionary<string, Scheduling.TripLength> { ["Phú Quý"] = Scheduling.TripLength.FullDay },
            DocumentHeader: DocumentHeader.Party with { ParentAgency = "Tỉnh ủy Lâm Đồng", Place = "Lâm Đồng", SignerName = "Nguyễn Văn Demo" },
            NeighbourGroups: NeighbourGroups);
    }
}
