using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

/// <summary>A thread that enters a read section on a mapping and stays inside until disposed: the reader a revocation or dispose must not wait for forever.</summary>
internal sealed class StuckReader : IDisposable
{
    private readonly ManualResetEventSlim _leave = new();
    private readonly Thread _thread;

    public StuckReader(MappingHandle mapping)
    {
        using var entered = new ManualResetEventSlim();
        _thread = new Thread(() =>
        {
            using var access = mapping.Access();
            entered.Set();
            _leave.Wait();
        });
        _thread.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the reader never entered its section");
    }

    /// <summary>Lets the reader leave its section and waits for its thread.</summary>
    public void Dispose()
    {
        _leave.Set();
        _thread.Join();
        _leave.Dispose();
    }
}
