using System.Diagnostics;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

public sealed class StalePointerProcessTests : IDisposable
{
    private const int SigsegvExitCode = 128 + 11;
    private readonly ShmDevice _shm = new();

    public void Dispose() => _shm.Dispose();

    [Fact]
    public async Task A_child_touching_a_revoked_mapping_through_a_raw_pointer_dies_with_SIGSEGV_without_reading()
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
        Assert.Equal(SigsegvExitCode, child.ExitCode);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
