using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class StalePointerProcessTests : IDisposable
{
    private const int SigsegvExitCode = 128 + 11;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void A_child_touching_a_revoked_mapping_through_a_raw_pointer_dies_with_SIGSEGV_without_reading()
    {
        using (var mapping = _shm.Device.Map(0, 4096, writable: true))
        {
            mapping.Write(0, 1)[0] = (byte)'S';
        }

        var assembly = typeof(StalePointerChild).Assembly.Location;
        var child = Shell.Run(Shell.DotnetHost, ["exec", assembly], timeout: TimeSpan.FromSeconds(60), environment: new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = assembly,
            [StalePointerChild.DeviceVariable] = _shm.Path,
            ["DOTNET_DbgEnableMiniDump"] = "0",
        });

        Assert.True(child.StdOut.Contains("MAPPED S", StringComparison.Ordinal), $"child did not map: {child}");
        Assert.Contains("REVOKED", child.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("READ", child.StdOut, StringComparison.Ordinal);
        Assert.Equal(SigsegvExitCode, child.ExitCode);
    }
}
