using Spectre.Console;

namespace Famfs.Cli.Output;

/// <summary>
/// A progress bar on a terminal (Spectre.Console), plain lines otherwise, so scripts and logs
/// get readable output. Work items report bytes done; the bar shows the total.
/// </summary>
internal static class Progress
{
    public static void Run(string title, long totalBytes, Action<Action<long>> work)
    {
        if (Console.IsOutputRedirected || totalBytes == 0)
        {
            work(_ => { });
            return;
        }

        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: totalBytes);
                work(bytes => task.Increment(bytes));
            });
    }
}
