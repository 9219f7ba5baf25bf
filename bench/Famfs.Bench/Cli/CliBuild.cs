using Famfs.Errors;

namespace Famfs.Bench.Cli;

/// <summary>
/// A build of the famfs executables as scripts/setup.sh installs it: native AOT in artifacts/aot
/// (scripts/build-aot.sh), JIT (framework-dependent apphosts) in artifacts/bin. The benchmarks
/// run them as they are and build nothing; each `famfs` starts the `famfs-fuse` beside it.
/// </summary>
internal sealed record CliBuild(string Name, string Directory)
{
    public static CliBuild Aot { get; } = new("AOT", Path.Combine(RepositoryRoot(), "artifacts", "aot"));

    public static CliBuild Jit { get; } = new("JIT", Path.Combine(RepositoryRoot(), "artifacts", "bin"));

    public string Famfs => Path.Combine(Directory, "famfs");

    /// <summary>Throws a one-line error naming what to run when setup has not built this build.</summary>
    public void Require()
    {
        foreach (var executable in new[] { Famfs, Path.Combine(Directory, "famfs-fuse") })
        {
            if (!File.Exists(executable))
            {
                throw new FamfsException(Errno.ENOENT, $"{executable} is missing ({Name} build)", "run scripts/setup.sh first (it builds artifacts/bin and artifacts/aot)");
            }
        }
    }

    /// <summary>The checkout this benchmark was built from: the first folder above it holding famfs.net.slnx.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "famfs.net.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new FamfsException(Errno.ENOENT, $"no famfs.net checkout above {AppContext.BaseDirectory}", "run the benchmark from its build in the checkout (dotnet run --project bench/Famfs.Bench)");
    }
}
