namespace ItEval.Email;

/// <summary>How a ranking group is named inside a Vietnamese sentence.</summary>
public static class GroupNames
{
    /// <summary>
    /// "khối …" ("xếp hạng 2 trong khối sở, ban, ngành"): a group whose name already says "Khối" is not
    /// called "khối Khối …".
    /// </summary>
    public static string Phrase(string groupName) =>
        groupName.StartsWith("khối", StringComparison.OrdinalIgnoreCase) && (groupName.Length == 4 || groupName[4] == ' ')
            ? "khối" + groupName[4..]
            : "khối " + groupName;
}
