using System.Globalization;

namespace ItEval.Forms;

/// <summary>
/// One thing wrong with an uploaded form, said in Vietnamese and English, each starting with where it
/// is (cell, CSV line or JSON path), e.g. "Ô E14: điểm 12 vượt quá điểm tối đa 10".
/// </summary>
public sealed record FormProblem(string Location, string Vi, string En)
{
    public override string ToString() => $"{Vi} / {En}";
}

/// <summary>Where a problem is, in both languages.</summary>
public sealed record Where(string Key, string Vi, string En)
{
    public static readonly Where File = new("file", "Tệp", "File");

    /// <summary>The busy days a unit chose on its page.</summary>
    public static readonly Where Days = new("days", "Ngày bận", "Busy days");

    /// <summary>The day a unit asked its visit to move to.</summary>
    public static readonly Where Visit = new("visit", "Lịch thẩm định", "Appraisal visit");

    /// <summary>The complaint a unit filed on its page.</summary>
    public static readonly Where Complaint = new("complaint", "Kiến nghị", "Complaint");

    public static Where Cell(string reference) => new(reference, $"Ô {reference}", $"Cell {reference}");

    public static Where Line(int line) => new($"line {line}", $"Dòng {line}", $"Line {line}");

    public static Where Json(string path) => new(path, $"Mục {path}", $"Item {path}");

    public FormProblem Problem(string vi, string en) => new(Key, $"{Vi}: {vi}", $"{En}: {en}");
}

/// <summary>Numbers as each language writes them: 4,5 in Vietnamese, 4.5 in English.</summary>
public static class Numbers
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string Vi(decimal value) => value.ToString("0.############", Vietnamese);

    public static string En(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}

/// <summary>The form could not be read at all (wrong file, tampered, too large…); every reason is listed.</summary>
public sealed class FormRejectedException(IReadOnlyList<FormProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<FormProblem> Problems { get; } = problems;
}
