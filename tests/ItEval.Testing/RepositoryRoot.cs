namespace ItEval.Testing;

public static class RepositoryRoot
{
    /// <summary>The folder holding ItEvalFunctions.sln, found upward from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ItEvalFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ItEvalFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
