namespace Famfs.Fuse;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("famfs-fuse: not implemented yet");
        return args.Length == 0 ? 2 : 1;
    }
}
