namespace Famfs.Bench;

/// <summary>
/// One benchmark: measures something and a baseline in the same run and prints the ratio.
/// Every implementation is listed in <see cref="Program"/>; `famfs-bench NAME` runs one,
/// `famfs-bench all` runs them all.
/// </summary>
internal interface IBenchmark
{
    /// <summary>Short name used on the command line, e.g. "log-read".</summary>
    string Name { get; }

    /// <summary>One line: what is measured against what.</summary>
    string Description { get; }

    /// <summary>
    /// The command-line options (<see cref="BenchOptions"/>) it takes, e.g. "--device"; an
    /// option that none of the selected benchmarks takes is refused rather than ignored.
    /// </summary>
    IReadOnlyList<string> Options => [];

    /// <summary>Runs the measurement and writes its result lines (ending with the ratio) to <paramref name="output"/>.</summary>
    void Run(TextWriter output);
}
