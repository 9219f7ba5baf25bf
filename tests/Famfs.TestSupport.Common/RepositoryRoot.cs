namespace Famfs.TestSupport;

/// <summary>The checkout the tests were built from: the first directory above the test assembly that holds famfs.net.slnx.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "famfs.net.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no famfs.net.slnx above {AppContext.BaseDirectory}");
    }
}
