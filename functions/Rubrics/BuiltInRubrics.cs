namespace ItEval.Rubrics;

/// <summary>
/// The rubrics shipped with the app. They are plain files in <c>functions/Rubrics/BuiltIn/</c> (also copied
/// next to the app) so an admin can copy one, edit it and load it as a new rubric.
/// </summary>
public static class BuiltInRubrics
{
    /// <summary>Cơ quan Đảng, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.</summary>
    public const string PartyAndMassOrganisations = "party-mass-organisations";

    /// <summary>Sở, ban, ngành và đơn vị cấp huyện.</summary>
    public const string DepartmentsAndDistricts = "departments-districts";

    public static IReadOnlyList<string> Names { get; } = [PartyAndMassOrganisations, DepartmentsAndDistricts];

    public static string Json(string name)
    {
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"No built-in rubric named \"{name}\" (known: {string.Join(", ", Names)}).", nameof(name));
        }

        using var stream = typeof(BuiltInRubrics).Assembly.GetManifestResourceStream($"ItEval.Rubrics.BuiltIn.{name}.json")
            ?? throw new InvalidOperationException($"Built-in rubric {name} is not embedded in the app.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Rubric Load(string name) => RubricReader.Read(Json(name));
}
