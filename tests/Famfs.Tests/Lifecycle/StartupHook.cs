using Famfs.Tests.Lifecycle;

#pragma warning disable CA1050 // The runtime looks startup hooks up by this exact name, in the global namespace.

/// <summary>
/// Lets the test assembly act as its own child process: with DOTNET_STARTUP_HOOKS pointing at
/// this assembly and <see cref="StalePointerChild.DeviceVariable"/> set, `dotnet exec` of the test
/// assembly runs <see cref="StalePointerChild"/> instead of its (empty) generated Main. Without
/// the variable the hook does nothing.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(StalePointerChild.DeviceVariable) is { Length: > 0 } devicePath)
        {
            StalePointerChild.Run(devicePath);
        }
    }
}
