using System.Diagnostics;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class StalePointerProcessTests : IDisposable
{
    private const int SigsegvExitCode = 128 + 11;
    private const int SigabrtExitCode = 128 + 6;
    private readonly ShmDevice _shm = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public Task A_child_touching_a_revoked_mapping_through_a_raw_pointer_dies_with_SIGSEGV_without_reading() =>
        RunChild(managed: false, SigsegvExitCode);

    /// <summary>The runtime cannot turn a fault at a non-null address into an exception: it aborts.</summary>
    [Fact]
    public Task A_child_reading_a_revoked_mapping_through_a_managed_span_dies_with_the_runtimes_abort_without_reading() =>
        RunChild(managed: true, SigabrtExitCode);

    private async Task RunChild(bool managed, int expectedExitCode)
    {
        using (var mapping = _shm.Device.Map(0, 4096, writable: true))
        {
            mapping.Write(0, 1)[0] = (byte)'S';
        }

        var assembly = typeof(StalePointerChild).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost(), ["exec", assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StalePointerChild.DeviceVariable] = _shm.Path;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (managed)
        {
            start.Environment[StalePointerChild.ManagedVariable] = "managed";
        }


        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill();
            Assert.Fail("the child process hung");
        }

        var stdout = await output;
        Assert.True(stdout.Contains("MAPPED S", StringComparison.Ordinal), $"child did not map: {stdout} {await errors}");
        Assert.Contains("REVOKED", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("READ", stdout, StringComparison.Ordinal);
        Assert.Equal(expectedExitCode, child.ExitCode);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
