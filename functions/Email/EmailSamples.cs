namespace ItEval.Email;

/// <summary>Sample data for every template, for previews by admins and for the rendering tests.</summary>
public static class EmailSamples
{
    public static IReadOnlyDictionary<string, object?> Model(string language)
    {
        var en = language == "en";
        Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);
        return new Dictionary<string, object?>
        {
            ["cycle"] = Map(("id", "danh-gia-2026"), ("name", "Đánh giá, xếp hạng mức độ ứng dụng CNTT năm 2026"), ("year", 2026),
                ("appraisal_start", "21/12/2026"), ("appraisal_end", "29/01/2027")),
            ["unit"] = Map(("name", "Sở Thông tin và Truyền thông"), ("code", "STTTT")),
            ["deadline"] = "15/12/2026",
            ["link"] = "https://iteval.example.gov.vn/u/eyJ1bml0IjoiU1RUVFQifQ.c2lnbmF0dXJl",
            ["days_left"] = 3,
            ["days_left_text"] = en ? "3 days" : "3 ngày",
            ["criteria"] = new List<Dictionary<string, object?>>
            {
                Map(("name", en ? "Technical IT infrastructure" : "Hạ tầng kỹ thuật"), ("max", "20")),
                Map(("name", en ? "IT application" : "Ứng dụng CNTT"), ("max", "45")),
            },
            ["visit"] = Map(("date", "22/12/2026"), ("start", "08:00"), ("end", "10:15"), ("team", "Nguyễn Văn An, Trần Thị Bình")),
            ["visits"] = new List<Dictionary<string, object?>>
            {
                Map(("date", "22/12/2026"), ("start", "08:00"), ("end", "10:15"), ("unit", "Sở Thông tin và Truyền thông")),
                Map(("date", "22/12/2026"), ("start", "10:15"), ("end", "12:30"), ("unit", "Huyện ủy Đức Trọng")),
            },
            ["result"] = Map(("total", en ? "86.50" : "86,50"), ("rank", 2), ("group", "so"), ("group_phrase", GroupNames.Phrase("so")), ("band", en ? "Good" : "Tốt"), ("change", en ? "+3.25" : "+3,25"),
                ("groups", new List<Dictionary<string, object?>>
                {
                    Map(("name", en ? "Technical IT infrastructure" : "Hạ tầng kỹ thuật"), ("self", "18"), ("appraised", "17"), ("max", "20")),
                })),
            ["summary"] = Map(("units", 24), ("bands", new List<Dictionary<string, object?>> { Map(("name", "Tốt"), ("count", 9)), Map(("name", "Khá"), ("count", 15)) })),
            ["progress"] = Map(("units", 24), ("submitted", 20), ("late", 1), ("missing", 4),
                ("missing_units", new List<Dictionary<string, object?>> { Map(("name", "Sở Xây dựng"), ("code", "SXD")), Map(("name", "Huyện ủy Lâm Hà"), ("code", "HU-LH")) })),
            ["alert"] = Map(("work", "danh-gia-2026:0000000042:email:0"), ("error", "SendGrid 400: invalid email address")),
            ["problem"] = en ? "Not enough working days: 40 units need 10 days of 4 visits, the window has 8." : "Không đủ ngày làm việc: 40 đơn vị cần 10 ngày (4 buổi mỗi ngày), thời gian thẩm định chỉ có 8 ngày.",
            ["window"] = Map(("start", "21/12/2026"), ("end", "29/01/2027"), ("visits_per_day", 4)),
            ["complaint"] = Map(("criteria", en ? "2.4 Malware protection" : "2.4 Phòng chống mã độc"), ("reason", "Đơn vị đã triển khai giải pháp phòng chống mã độc tập trung từ tháng 10/2026."),
                ("accepted", "yes"), ("decision", "Chấp nhận; tổ thẩm định sẽ xem xét lại minh chứng."), ("filed", "05/02/2027 09:30")),
        };
    }
}
