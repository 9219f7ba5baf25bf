using Famfs.Fuse.Demo;

namespace Famfs.Fuse;

/// <summary>
/// famfs-fuse, the FUSE daemon. For now it serves only the built-in demo:
/// <c>famfs-fuse --demo MOUNTPOINT</c>, in the foreground until SIGTERM/SIGINT or unmount.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is not ["--demo", var mountPoint])
        {
            Console.Error.WriteLine("usage: famfs-fuse --demo MOUNTPOINT");
            return 2;
        }

        return FuseDaemon.Run(new HelloFileSystem(), mountPoint, new FuseMountOptions { FileSystemName = "famfs-demo", Subtype = "famfs" });
    }
}
