using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class StalePointerProcessTests : IDisposable
{
    private const int SigsegvExitCode = 128 + 11;
    private const int SigabrtExitCode = 128 + 6;
    private readonly TempDevice _shm = TempDevice.CreateSparse("lifecycle", 64 * Units.MiB);

    public void Dispose() => _shm.Dispose();

    [Fact]
    public void A_child_touching_a_revoked_mapping_through_a_raw_pointer_dies_with_SIGSEGV_without_reading() =>
        RunChild(managed: false, SigsegvExitCode);

    /// <summary>The runtime cannot turn a fault at a non-null address into an exception: it aborts.</summary>
    [Fact]
    public void A_child_reading_a_revoked_mapping_through_a_managed_span_dies_with_the_runtimes_abort_without_reading() =>
        RunChild(managed: true, SigabrtExitCode);

    private void RunChild(bool managed, int expectedExitCode)
    {
        using (var mapping = _shm.Device.Map(0, 4096, writable: true))
        {
            mapping.Write(0, 1)[0] = (byte)'S';
        }

        var assembly = typeof(StalePointerChild).Assembly.Location;
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = assembly,
            [StalePointerChild.DeviceVariable] = _shm.Path,
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };
        if (managed)
        {
            environment[StalePointerChild.ManagedVariable] = "managed";
        }

        var child = Shell.Run(Shell.DotnetHost, ["exec", assembly], timeout: TimeSpan.FromSeconds(60), environment: environment);

        Assert.True(child.StdOut.Contains("MAPPED S", StringComparison.Ordinal), $"child did not map: {child}");
        Assert.Contains("REVOKED", child.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("READ", child.StdOut, StringComparison.Ordinal);
        Assert.Equal(expectedExitCode, child.ExitCode);
    }
}
