using System.CommandLine;
using System.Globalization;
using Famfs.Cli.Output;
using Famfs.Files;
using Famfs.Mounts;

namespace Famfs.Cli.Commands;

/// <summary>famfs hosts: the shared host registry (docs/SHARED-STATE.md), read-only: who shares the device, live or not, and how far each has played the log.</summary>
internal static class HostsCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var where = new Argument<string>("DEVICE|MOUNTPOINT") { Description = "The memory device, or the mount point of a mounted famfs file system" };
        var command = new Command("hosts",
            "List the hosts of the shared host registry: slot, role, system uuid, incarnation, state (live, stale, never-seen), heartbeat age and the log position each has played")
        {
            json, where,
        };
        command.SetHandler(result =>
        {
            var given = result.GetRequiredValue(where);
            var device = FamfsMountTable.LiveAt(given)?.DevicePath ?? given;
            using var fs = FamfsFileSystem.Open(device, FamfsTarget.OptionsFor(readOnly: true));
            FamfsTarget.PrintNotes("hosts", fs);
            var hosts = fs.Hosts;
            if (result.GetValue(json))
            {
                JsonDocumentWriter.Write(HostsDocument.From(fs.Device.Path, fs.Shared is not null, hosts), c => c.HostsDocument);
            }
            else
            {
                PrintTable(hosts);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintTable(IReadOnlyList<Famfs.Shared.FamfsHost> hosts)
    {
        if (hosts.Count == 0)
        {
            return;
        }

        Console.WriteLine($"{"SLOT",4}  {"ROLE",-6}  {"SYSTEM-UUID",-36}  {"INCARNATION",11}  {"STATE",-10}  {"HEARTBEAT",-10}  {"PLAYED",6}");
        foreach (var host in hosts)
        {
            var slot = host.Slot >= 0 ? host.Slot.ToString(CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{slot,4}  {HostWords.Role(host),-6}  {host.SystemUuid,-36}  {host.Incarnation,11}  {HostWords.State(host),-10}  {HostWords.Heartbeat(host),-10}  {host.PlayedPosition,6}"));
        }
    }
}
