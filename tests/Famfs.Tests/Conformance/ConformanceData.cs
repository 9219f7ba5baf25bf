
namespace Famfs.Tests.Conformance;

/// <summary>Theory data: the names of the images in TestData/conformance.</summary>
public static class ConformanceData
{
    public static TheoryData<string> PositiveImages => [.. ConformanceImages.PositiveNames()];

    public static TheoryData<string> NegativeImages => [.. ConformanceImages.NegativeNames()];
}
