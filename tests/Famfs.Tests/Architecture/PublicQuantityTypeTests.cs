using System.Reflection;
using System.Text.RegularExpressions;
using Famfs.Devices;

namespace Famfs.Tests.Architecture;

/// <summary>
/// The engine's public surface follows .NET: offsets, lengths, sizes and counts are
/// <see cref="long"/>, as streams and spans take them. Only identities and bit patterns
/// (inode numbers, log indexes, CRCs, magics, versions, flags) may be unsigned
/// (docs/ARCHITECTURE.md, "Public API"); the engine keeps its unsigned arithmetic internal.
/// </summary>
public sealed partial class PublicQuantityTypeTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Names of log indexes that do not say "index" (FamfsHost.PlayedPosition: the next log index a host will play).</summary>
    private static readonly HashSet<string> LogIndexNames = ["PlayedPosition"];

    [Fact]
    public void No_public_member_of_the_engine_exposes_an_unsigned_offset_length_size_or_count()
    {
        var offenders = typeof(MemoryDevice).Assembly.GetExportedTypes()
            .SelectMany(UnsignedMembers)
            .Where(use => Quantity().IsMatch(use.Name) || !(Identity().IsMatch(use.Name) || LogIndexNames.Contains(use.Name)))
            .Select(use => $"{use.Where} ({use.Name})")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_rule_sees_an_unsigned_size_in_a_tuple_parameter_and_allows_an_inode()
    {
        var found = UnsignedMembers(typeof(Probe)).Select(use => use.Name).ToList();

        Assert.Contains("files", found);
        Assert.Contains("Inode", found);
        Assert.DoesNotMatch(Identity(), "files");
        Assert.Matches(Identity(), "Inode");
    }

    /// <summary>Every name under which a type exposes ulong: properties, fields, parameters and return values, nested in generics and tuples.</summary>
    private static IEnumerable<(string Where, string Name)> UnsignedMembers(Type type)
    {
        foreach (var member in type.GetMembers(Declared))
        {
            switch (member)
            {
                case PropertyInfo property when MentionsUnsigned(property.PropertyType):
                    yield return ($"{type.FullName}.{property.Name}", property.Name);
                    break;
                case FieldInfo field when MentionsUnsigned(field.FieldType):
                    yield return ($"{type.FullName}.{field.Name}", field.Name);
                    break;
                case MethodBase method when !method.IsSpecialName || method is ConstructorInfo:
                    if (method is MethodInfo { ReturnType: var returns } && MentionsUnsigned(returns))
                    {
                        yield return ($"{type.FullName}.{method.Name} returns", method.Name);
                    }

                    foreach (var parameter in method.GetParameters().Where(p => MentionsUnsigned(p.ParameterType)))
                    {
                        yield return ($"{type.FullName}.{method.Name}({parameter.Name})", parameter.Name ?? method.Name);
                    }

                    break;
            }
        }
    }

    private static bool MentionsUnsigned(Type type)
    {
        var bare = type.IsByRef || type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        return bare == typeof(ulong) || (bare.IsGenericType && bare.GetGenericArguments().Any(MentionsUnsigned));
    }

    [GeneratedRegex("offset|length|size|count|bytes|unit|end|capacity|alignment|granularity", RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();

    [GeneratedRegex("inode|index|crc|magic|version|flags|seqnum|generation|incarnation", RegexOptions.IgnoreCase)]
    private static partial Regex Identity();

    /// <summary>A stand-in public shape that the rule must see into (it is not part of the engine).</summary>
    public sealed class Probe
    {
        public ulong Inode { get; init; }

        public static void Create(IReadOnlyList<(string Path, ulong Size)> files) => ArgumentNullException.ThrowIfNull(files);
    }
}
