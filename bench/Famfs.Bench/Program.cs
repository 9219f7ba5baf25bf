using Famfs.Bench.Cli;
using Famfs.Bench.Files;
using Famfs.Bench.Lifecycle;
using Famfs.Bench.Mount;
using Famfs.Bench.Reliability;
using Famfs.Bench.Shared;
using Famfs.Errors;

namespace Famfs.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args.Skip(1).ToList());
        }
        catch (FamfsException e)
        {
            Console.Error.WriteLine($"famfs-bench: {e.OneLine}");
            return 2;
        }

        // Named here, not discovered at run time: native AOT compiles only the types the program references.
        IBenchmark[] benchmarks =
        [
            new AppendFlushBenchmark(options),
            new CliTimeBenchmark(),
            new CopyOneGiBBenchmark(),
            new CreateFilesBenchmark(),
            new FuzzSoakBenchmark(options),
            new GenerationBumpBenchmark(),
            new NotifierGetPutBenchmark(),
            new ReadSectionBenchmark(),
            new RevokeManyBenchmark(),
            new LogReadBenchmark(),
            new MountReadBenchmark(),
            new MountStatBenchmark(),
            new MountTimeBenchmark(),
            new PollCostBenchmark(),
            new SeededFillBenchmark(),
            new SpanReadBenchmark(options),
            new VisibilityLatencyBenchmark(options),
        ];

        var wanted = args.Length == 0 ? "list" : args[0];
        if (wanted == "list")
        {
            Console.WriteLine($"usage: famfs-bench NAME|all {BenchOptions.Usage}");
            foreach (var b in benchmarks)
            {
                var takes = b.Options.Count == 0 ? string.Empty : $" (options: {string.Join(", ", b.Options)})";
                Console.WriteLine($"  {b.Name,-26} {b.Description}{takes}");
            }

            return args.Length == 0 ? 2 : 0;
        }

        var selected = wanted == "all" ? benchmarks : benchmarks.Where(b => b.Name == wanted).ToArray();
        if (selected.Length == 0)
        {
            Console.Error.WriteLine($"famfs-bench: no benchmark named '{wanted}'; run 'famfs-bench list' to see them");
            return 2;
        }

        var unused = options.Given().FirstOrDefault(o => !selected.Any(b => b.Options.Contains(o)));
        if (unused is not null)
        {
            Console.Error.WriteLine($"famfs-bench: {unused} is not an option of {wanted}; run 'famfs-bench list' to see which benchmark takes which");
            return 2;
        }

        foreach (var b in selected)
        {
            Console.WriteLine($"## {b.Name}: {b.Description}");
            try
            {
                b.Run(Console.Out);
            }
            catch (FamfsException e)
            {
                Console.Error.WriteLine($"famfs-bench: {b.Name}: {e.OneLine}");
                return 1;
            }

            Console.WriteLine();
        }

        return 0;
    }
}
