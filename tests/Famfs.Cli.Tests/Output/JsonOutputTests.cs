using System.Text.RegularExpressions;
using Famfs.Cli.Tests.TestSupport;
using Famfs.Devices;
using Famfs.Format;
using Famfs.Log;

namespace Famfs.Cli.Tests.Output;

/// <summary>
/// The --json documents of fsck, logplay and getmap, byte for byte: scripts parse them, so their
/// field names, order, number formats, escaping and indentation are part of the interface.
/// The expected documents are in TestData/json (the device path is written as DEVICE).
/// </summary>
public sealed partial class JsonOutputTests
{
    public static TheoryData<string> PositiveImages => [.. ConformanceImages.PositiveNames()];

    public static TheoryData<string> NegativeImages => [.. ConformanceImages.NegativeNames()];

    [Theory]
    [MemberData(nameof(PositiveImages))]
    public void Fsck_and_logplay_documents_of_a_reference_image_are_unchanged(string name)
    {
        using var device = ConformanceImages.Materialize(name);
        AssertDocument($"{name}.fsck.json", device.Path, CliRunner.Run("fsck", "--json", device.Path));
        AssertDocument($"{name}.logplay.json", device.Path, CliRunner.Run("logplay", "-n", "--json", device.Path));
    }

    [Theory]
    [MemberData(nameof(NegativeImages))]
    public void Fsck_document_of_a_defective_image_is_unchanged(string name)
    {
        using var device = ConformanceImages.MaterializeNegative(name);
        AssertDocument($"{name}.fsck.json", device.Path, CliRunner.Run("fsck", "--json", device.Path));
        var logplay = CliRunner.Run("logplay", "-n", "--json", device.Path);
        if (logplay.ExitCode is ExitCodes.Success or ExitCodes.CheckFailed)
        {
            AssertDocument($"{name}.logplay.json", device.Path, logplay);
        }
    }

    [Theory]
    [InlineData("stripes/i3m_b8_s4_c2m")]
    [InlineData("plain_10m")]
    public void Getmap_document_of_a_reference_file_is_unchanged(string path)
    {
        using var device = ConformanceImages.Materialize("interleaved");
        AssertDocument($"interleaved.getmap.{Path.GetFileName(path)}.json", device.Path, CliRunner.Run("getmap", "--json", "-D", device.Path, path));
    }

    /// <summary>
    /// Entry types the reference images lack (DELETE, an unknown type), paths with characters an
    /// HTML-safe encoder would escape, a poisoned range and its warnings. The file system and device
    /// UUIDs (and so the CRCs) are new on every run, so they are masked.
    /// </summary>
    [RequiresRoot]
    [Fact]
    public void Fsck_logplay_and_getmap_documents_of_unusual_entries_are_unchanged()
    {
        const string dir = "d <&> é";
        const string file = dir + "/x+y \"q\" 'r' \\ ü";
        using var device = TestLog.CreateFormatted("cli-json", [
            TestLog.Mkdir(dir),
            TestLog.File(file, offset: 64UL << 20, size: 3UL << 20),
            new OpaqueEntry((uint)LogEntryType.Delete),
            new OpaqueEntry(77),
        ]);
        var ledger = Path.Combine("/run/famfs", FsUuid(device).ToString("D"));
        try
        {
            CliRunner.RunAs(TestLog.MasterUuid, "poison", "-D", device.Path, "--offset", "65m", "--length", "4k").AssertSuccess();
            AssertDocument("unusual.fsck.json", device.Path, CliRunner.RunAs(TestLog.MasterUuid, "fsck", "--json", device.Path), maskUuids: true);
            AssertDocument("unusual.logplay.json", device.Path, CliRunner.RunAs(TestLog.MasterUuid, "logplay", "-n", "--json", device.Path), maskUuids: true);
            AssertDocument("unusual.getmap.json", device.Path, CliRunner.RunAs(TestLog.MasterUuid, "getmap", "--json", "-D", device.Path, file), maskUuids: true);
        }
        finally
        {
            if (Directory.Exists(ledger))
            {
                Directory.Delete(ledger, recursive: true);
            }
        }
    }

    private static Guid FsUuid(TempDevice device)
    {
        using var dev = MemoryDevice.Open(device.Path, writable: false);
        return FamfsMetadata.ReadSuperblock(dev).FsUuid;
    }

    private static void AssertDocument(string expectedFile, string devicePath, CliResult result, bool maskUuids = false)
    {
        Assert.True(result.ExitCode is ExitCodes.Success or ExitCodes.CheckFailed, $"expected a report: {result}");
        var actual = result.Stdout.Replace(devicePath, "DEVICE", StringComparison.Ordinal);
        if (maskUuids)
        {
            actual = Crc().Replace(Uuid().Replace(actual, "UUID"), "\"crc\": 0");
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "TestData", "json", expectedFile);
        var expected = File.ReadAllText(expectedPath);
        Assert.True(expected == actual, $"{result.CommandLine}: the document differs from {expectedFile}:\n{actual}");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex("\"crc\": [0-9]+")]
    private static partial Regex Crc();
}
