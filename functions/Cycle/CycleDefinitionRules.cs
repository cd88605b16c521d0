using ItEval.Email;
using ItEval.Ranking;

namespace ItEval.Cycle;

/// <summary>
/// What a cycle definition must be before it is created, as "vi / en" sentences: sizes a person could
/// mean and storage can hold, dates a calendar can count with (no reminder before year 1), values the
/// scoring knows, addresses that are plain. Pure: the decider asks it with the day of creation.
/// </summary>
public static class CycleDefinitionRules
{
    public const int MaxNameLength = 300;
    public const int MaxEmailsPerUnit = 20;
    public const int MaxReminders = 10;
    public const int MaxReminderDays = 60;
    public const int MaxHolidays = 100;
    /// <summary>Visits a day for all teams together (several teams may visit at once).</summary>
    public const int MaxVisitsPerDay = 50;
    public const int MaxTeam = 50;
    public const int MaxUnits = 100_000;

    public static List<string> Problems(CycleDefinition d, DateOnly today)
    {
        var problems = new List<string>();
        void Add(string vi, string en) => problems.Add($"{vi} / {en}");

        if (d.Year is < 2000 or > 2100)
        {
            Add($"Năm {d.Year} không hợp lệ (2000–2100).", $"The year {d.Year} is not valid (2000–2100).");
        }

        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > MaxNameLength)
        {
            Add($"Tên kỳ đánh giá cần có và không quá {MaxNameLength} ký tự.", $"The cycle's name is required, at most {MaxNameLength} characters.");
        }

        if (d.Units.Count == 0)
        {
            Add("Danh sách đơn vị trống.", "The unit roster is empty.");
        }
        else if (d.Units.Count > MaxUnits)
        {
            Add($"Tối đa {MaxUnits} đơn vị.", $"At most {MaxUnits} units.");
        }

        if (d.Units.Select(u => u.Id).Distinct(StringComparer.Ordinal).Count() != d.Units.Count)
        {
            Add("Mã đơn vị bị trùng.", "Unit ids are repeated.");
        }

        if (d.Units.FirstOrDefault(u => string.IsNullOrWhiteSpace(u.Name) || u.Name.Length > MaxNameLength || u.District?.Length > 100 || u.Code.Length > 64) is { } badUnit)
        {
            Add($"Đơn vị \"{badUnit.Id}\": tên cần có và không quá {MaxNameLength} ký tự, địa bàn không quá 100.", $"Unit \"{badUnit.Id}\": a name of at most {MaxNameLength} characters is required, a district at most 100.");
        }

        if (d.Units.FirstOrDefault(u => !GroupCode(u.RankingGroup)) is { } badGroup)
        {
            Add($"Mã khối \"{badGroup.RankingGroup}\" của đơn vị \"{badGroup.Id}\" không hợp lệ (chữ, số, - _ .).", $"The ranking group code \"{badGroup.RankingGroup}\" of unit \"{badGroup.Id}\" is not valid (letters, digits, - _ .).");
        }

        if (d.Units.FirstOrDefault(u => u.Emails.Count == 0 || u.Emails.Count > MaxEmailsPerUnit) is { } badEmails)
        {
            Add($"Đơn vị \"{badEmails.Id}\" cần từ 1 đến {MaxEmailsPerUnit} địa chỉ thư.", $"Unit \"{badEmails.Id}\" needs 1 to {MaxEmailsPerUnit} email addresses.");
        }

        if (d.Units.SelectMany(u => u.Emails).Concat(d.Team.Select(m => m.Email)).Concat(d.AdminEmails).Any(e => !EmailAddresses.IsValid(e)))
        {
            Add("Có địa chỉ thư không hợp lệ trong danh sách đơn vị, tổ thẩm định hoặc quản trị.", "An email address of a unit, the team or the admins is not valid.");
        }

        if (d.RankingGroupNames is { } names && names.FirstOrDefault(n => !d.Units.Any(u => u.RankingGroup == n.Key) || string.IsNullOrWhiteSpace(n.Value) || n.Value.Length > 200) is { Key: { } badName })
        {
            Add($"Tên khối \"{badName}\": không có đơn vị nào thuộc khối này, hoặc tên trống hay dài quá 200 ký tự.", $"Ranking group name \"{badName}\": no unit is in that group, or the name is empty or longer than 200 characters.");
        }

        if (!CycleCalendar.IsKnown(d.TimeZone))
        {
            Add($"Múi giờ \"{d.TimeZone}\" không có.", $"The time zone \"{d.TimeZone}\" does not exist.");
        }

        // Dates near the cycle's year, so every reminder and visit day is a real calendar day.
        var first = new DateOnly(Math.Clamp(d.Year, 2000, 2100) - 1, 1, 1);
        var last = new DateOnly(Math.Clamp(d.Year, 2000, 2100) + 2, 12, 31);
        if (new[] { d.Deadline, d.AppraisalStart, d.AppraisalEnd }.Concat(d.Holidays).Any(day => day < first || day > last))
        {
            Add($"Các ngày phải trong khoảng {first:dd/MM/yyyy}–{last:dd/MM/yyyy} (gần năm {d.Year}).", $"Dates must fall between {first:yyyy-MM-dd} and {last:yyyy-MM-dd} (near {d.Year}).");
        }

        if (d.Deadline < today)
        {
            Add($"Hạn nộp {d.Deadline:dd/MM/yyyy} đã qua.", $"The deadline {d.Deadline:yyyy-MM-dd} has passed.");
        }

        if (d.AppraisalStart > d.AppraisalEnd || d.AppraisalStart <= d.Deadline)
        {
            Add("Thời gian thẩm định phải sau hạn nộp và ngày bắt đầu không sau ngày kết thúc.", "The appraisal window must follow the deadline and start before it ends.");
        }

        if (d.ReminderDays.Count > MaxReminders || d.ReminderDays.Any(r => Math.Abs(r) > MaxReminderDays || r == 0) || d.ReminderDays.Distinct().Count() != d.ReminderDays.Count)
        {
            Add($"Nhắc hạn: tối đa {MaxReminders} mốc khác nhau, mỗi mốc từ 1 đến {MaxReminderDays} ngày trước (-) hoặc sau (+) hạn nộp.",
                $"Reminders: at most {MaxReminders} distinct days, each 1 to {MaxReminderDays} days before (-) or after (+) the deadline.");
        }

        if (d.Holidays.Count > MaxHolidays)
        {
            Add($"Tối đa {MaxHolidays} ngày nghỉ.", $"At most {MaxHolidays} holidays.");
        }

        problems.AddRange(VisitPlanningSettings.Of(d).Problems(d.Units));
        if (d.Team.Any(m => m.Team?.Length > MaxNameLength))
        {
            Add("Tên tổ thẩm định không hợp lệ.", "A team's name is not valid.");
        }

        if (d.VisitsPerDay is < 1 or > MaxVisitsPerDay)
        {
            Add($"Số buổi thẩm định mỗi ngày từ 1 đến {MaxVisitsPerDay}.", $"Visits per day must be from 1 to {MaxVisitsPerDay}.");
        }

        if (d.Team.Count > MaxTeam || d.Team.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() != d.Team.Count || d.Team.Any(m => string.IsNullOrWhiteSpace(m.Name) || m.Name.Length > MaxNameLength))
        {
            Add($"Tổ thẩm định: tối đa {MaxTeam} thành viên, mã không trùng, có họ tên.", $"The team: at most {MaxTeam} members, distinct ids, each with a name.");
        }

        if (d.Team.FirstOrDefault(m => m.Conflicts is { } conflicts && (conflicts.Count > MaxUnits || conflicts.Any(id => !d.Units.Any(u => u.Id == id)))) is { } conflicted)
        {
            Add($"Thành viên \"{conflicted.Name}\": xung đột lợi ích với đơn vị không có trong danh sách.", $"Member \"{conflicted.Name}\": a conflict of interest names a unit that is not in the roster.");
        }

        if (d.Units.FirstOrDefault(u => u.Address?.Length > MaxNameLength || u.Contact?.Length > MaxNameLength || (u.Phone is { } phone && !UnitInfo.IsPhone(phone))) is { } badContact)
        {
            Add($"Đơn vị \"{badContact.Id}\": địa chỉ và người liên hệ không quá {MaxNameLength} ký tự, số điện thoại gồm chữ số, dấu cách, + - . ( ).",
                $"Unit \"{badContact.Id}\": address and contact at most {MaxNameLength} characters, a phone of digits, spaces, + - . ( ).");
        }

        if (d.DocumentHeader is { TooLong: true })
        {
            Add($"Tiêu đề văn bản: mỗi mục tối đa {DocumentHeader.MaxFieldLength} ký tự.", $"Document header: each field holds at most {DocumentHeader.MaxFieldLength} characters.");
        }

        if (d.ComplaintDays is < 1 or > 60)
        {
            Add("Số ngày nhận kiến nghị sau khi công bố từ 1 đến 60.", "Days for complaints after publication must be from 1 to 60.");
        }

        if (!Enum.IsDefined(d.Method) || !Enum.IsDefined(d.Unappraised) || !Enum.IsDefined(d.NotSubmitted))
        {
            Add("Cách tính điểm hoặc quy định cho đơn vị chưa thẩm định / không nộp không hợp lệ.", "The scoring method or the rule for unappraised / not submitted units is not valid.");
        }

        return problems;
    }

    /// <summary>Tie-breakers must name the rubric's criteria groups (checked where the rubric is read).</summary>
    public static string? TieBreakerProblem(CycleDefinition d, Rubrics.Rubric rubric) =>
        d.TieBreakerGroups.FirstOrDefault(g => !rubric.Groups.Any(rg => rg.Code == g)) is { } unknown
            ? $"Tiêu chí phụ để xếp hạng \"{unknown}\" không phải nhóm tiêu chí của bộ tiêu chí. / The tie-breaker \"{unknown}\" is not a criteria group of the rubric."
            : null;

    private static bool GroupCode(string code) => code.Length is > 0 and <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
