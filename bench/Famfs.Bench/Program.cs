using System.Reflection;

namespace Famfs.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        var benchmarks = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

        var wanted = args.Length == 0 ? "list" : args[0];
        if (wanted == "list")
        {
            Console.WriteLine("usage: famfs-bench NAME|all");
            foreach (var b in benchmarks)
            {
                Console.WriteLine($"  {b.Name,-24} {b.Description}");
            }

            return args.Length == 0 ? 2 : 0;
        }

        var selected = wanted == "all" ? benchmarks : benchmarks.Where(b => b.Name == wanted).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"famfs-bench: no benchmark named '{wanted}'; run 'famfs-bench list' to see them");
            return 2;
        }

        foreach (var b in selected)
        {
            Console.WriteLine($"## {b.Name}: {b.Description}");
            b.Run(Console.Out);
            Console.WriteLine();
        }

        return 0;
    }
}
