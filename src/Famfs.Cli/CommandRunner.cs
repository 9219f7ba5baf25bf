using System.CommandLine;
using Famfs.Errors;

namespace Famfs.Cli;

/// <summary>
/// Runs a command's handler and turns failures into one line on stderr plus an exit code:
/// a <see cref="FamfsException"/> is a user-facing error (never a stack trace); anything else is a bug.
/// </summary>
internal static class CommandRunner
{
    /// <param name="errorCode">
    /// The exit code of a user error, for a command whose own codes would collide with the
    /// errno-based ones (check); null: <see cref="ExitCodes.For"/>.
    /// </param>
    public static void SetHandler(this Command command, Func<ParseResult, int> handler, int? errorCode = null) =>
        command.SetAction(result => Run(command.Name, () =>
        {
            CompatOptions.NoteIgnored(command, result);
            return handler(result);
        }, errorCode));

    private static FamfsException? UserError(Exception e) => e switch
    {
        FamfsException famfs => famfs,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.OfType<FamfsException>().FirstOrDefault(),
        _ => null,
    };

    public static int Run(string commandName, Func<int> handler, int? errorCode = null)
    {
        try
        {
            return handler();
        }
        catch (Exception e) when (UserError(e) is { } error)
        {
            // Parallel work (cp -t, creat, verify) wraps the user error in an AggregateException.
            Console.Error.WriteLine($"famfs {commandName}: {error.OneLine}");
            return errorCode ?? ExitCodes.For(error.Errno);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"famfs {commandName}: internal error, please report it: {e}");
            return ExitCodes.InternalError;
        }
    }
}
