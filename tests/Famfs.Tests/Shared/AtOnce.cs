namespace Famfs.Tests.Shared;

/// <summary>
/// Runs bodies on their own threads, released together from a spin gate: a Barrier's wake-ups
/// are spread over more time than a race between a few stores lasts, so racing threads released
/// by one would rarely overlap.
/// </summary>
internal static class AtOnce
{
    public static void Run(int count, Action<int> body)
    {
        var go = 0;
        var failures = new Exception?[count];
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            while (Volatile.Read(ref go) == 0)
            {
                Thread.SpinWait(10);
            }

            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Thread.Sleep(50); // every thread spinning at the gate
        Volatile.Write(ref go, 1);
        threads.ForEach(t => t.Join());
        if (failures.FirstOrDefault(e => e is not null) is { } failure)
        {
            throw new AggregateException(failure);
        }
    }
}
