namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepositoryFiles
{
    /// <summary>The directory holding Chronicle.sln, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Chronicle.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException($"Chronicle.sln not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Reads a file by its path relative to the repository root.</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
