using System.Reflection;
using Famfs.Devices;
using Famfs.Files;

namespace Famfs.Tests.Architecture;

/// <summary>
/// Every public path to device bytes honours claims and poison: applications reach bytes only
/// through <see cref="FamfsFile"/> (whose mappings a claim or a memory failure revokes); the
/// device itself offers nothing that reads or writes it.
/// </summary>
public sealed class DeviceBytesTests
{
    [Fact]
    public void The_public_memory_device_has_no_member_that_reads_writes_or_maps_bytes()
    {
        var members = typeof(MemoryDevice).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .OfType<MethodInfo>()
            .Where(method => method.ReturnType == typeof(byte[]) || method.ReturnType.Name.StartsWith("Span", StringComparison.Ordinal)
                || method.ReturnType.Name.StartsWith("ReadOnlySpan", StringComparison.Ordinal) || method.ReturnType == typeof(nint)
                || method.GetParameters().Any(parameter => parameter.ParameterType.Name.StartsWith("Span", StringComparison.Ordinal)
                    || parameter.ParameterType.Name.StartsWith("ReadOnlySpan", StringComparison.Ordinal) || parameter.ParameterType == typeof(byte[])))
            .Select(method => method.Name);

        Assert.Empty(members);
    }
}
