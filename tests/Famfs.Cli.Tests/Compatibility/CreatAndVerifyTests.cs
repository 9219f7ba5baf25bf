using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Files;

namespace Famfs.Cli.Tests.Compatibility;

/// <summary>creat and verify as the reference famfs's scripts use them: its seeded content, refills, -M and its refusals.</summary>
[Collection(CliCollection.Name)]
public sealed class CreatAndVerifyTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("1", "4k", "284991ee66b6fb343a87ca18de441778")]
    [InlineData("42", "4k", "985f52e27afb0c3df88c822b402249e5")]
    [InlineData("1", "7", "284991ee66b6fb")]
    public void Creat_fills_a_seeded_file_byte_for_byte_as_the_reference_and_verify_checks_it(string seed, string size, string head)
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", size, "-r", "-S", seed, "f"));
        Assert.Equal(head, Convert.ToHexStringLower(Head("f", head.Length / 2)));
        CliFixture.Expect(0, _cli.Exec("verify", "-S", seed, "-f", "f"));
    }

    [Fact]
    public void Randomize_without_a_seed_draws_one_and_prints_it_so_verify_can_check_the_file()
    {
        var made = CliFixture.Expect(0, _cli.Exec("creat", "-s", "64k", "-r", "f"));
        var seed = made.Stdout.Split("seed ")[1].Trim();
        CliFixture.Expect(0, _cli.Exec("verify", "-S", seed, "-f", "f"));
    }

    [Fact]
    public void A_seed_without_randomize_and_a_seed_with_multi_are_refused_and_create_nothing()
    {
        _cli.Exec("creat", "-s", "4k", "-S", "3", "f").AssertOneLineError(ExitCodes.Usage, "-S", "-r");
        _cli.Exec("creat", "-S", "3", "-M", "g,4k").AssertOneLineError(ExitCodes.Usage, "--multi", "-S");
        Assert.Equal(0UL, _cli.Header().NextIndex);
    }

    [Fact]
    public void Creat_of_an_existing_file_of_the_same_size_refills_it_also_through_multi_and_another_size_is_an_error()
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "1m", "-r", "-S", "5", "f"));
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "1m", "-r", "-S", "6", "f"));
        CliFixture.Expect(0, _cli.Exec("verify", "-S", "6", "-f", "f"));
        CliFixture.Expect(0, _cli.Exec("creat", "-M", "f,1m,7", "-M", "g,4k,8"));
        CliFixture.Expect(0, _cli.Exec("verify", "-m", "f,7", "-m", "g,8"));
        Assert.Equal(2UL, _cli.Header().NextIndex);

        _cli.Exec("creat", "-s", "2m", "f").AssertOneLineError(ExitCodes.Exists, "'f'", "1048576");
        CliFixture.Expect(0, _cli.Exec("verify", "-S", "7", "-f", "f"));
    }

    [Fact]
    public void Creat_multi_creates_every_good_file_reports_the_bad_one_and_exits_non_zero()
    {
        var result = _cli.Exec("creat", "-M", "good,4k,3", "-M", "../bad,4k", "-M", "also,8k");
        result.AssertReportedFailure("../bad");
        CliFixture.Expect(0, _cli.Exec("verify", "-S", "3", "-f", "good"));
        using var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = _cli.Master });
        Assert.Equal(["also", "good"], fs.Tree.Files().Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Verify_q_prints_nothing_when_the_content_matches_and_still_reports_a_mismatch()
    {
        CliFixture.Expect(0, _cli.Exec("creat", "-s", "64k", "-r", "-S", "9", "f"));
        Assert.Empty(CliFixture.Expect(0, _cli.Exec("verify", "-q", "-S", "9", "-f", "f")).Stdout);
        Assert.Contains("differs", CliFixture.Expect(ExitCodes.CheckFailed, _cli.Exec("verify", "-q", "-S", "10", "-f", "f")).Stderr, StringComparison.Ordinal);
    }

    private byte[] Head(string path, int length)
    {
        using var fs = FamfsFileSystem.Open(_cli.Device, new FileSystemOptions { ReadOnly = true, SystemUuid = _cli.Master });
        using var file = fs.OpenFile(path);
        return file.GetReadOnlySpan(0, length).ToArray();
    }
}
