namespace Famfs.Tests.Lifecycle;

/// <summary>Runs a concurrency test body on its own thread and fails the test if it hangs (a deadlock must fail, not stall the run).</summary>
internal static class Watchdog
{
    public static void Run(TimeSpan limit, Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "watchdog body" };
        thread.Start();
        if (!thread.Join(limit))
        {
            Assert.Fail($"the test body did not finish within {limit.TotalSeconds} s: deadlock or livelock");
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
