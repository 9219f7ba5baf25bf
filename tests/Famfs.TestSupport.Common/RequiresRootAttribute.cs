using Xunit.Abstractions;
using Xunit.Sdk;

namespace Famfs.TestSupport;

/// <summary>
/// Marks tests that need root (mounts, /run/famfs, other users' identities) with the trait
/// Requires=root, so a contributor without root runs the rest with
/// <c>dotnet test --filter Requires!=root</c>. CI runs everything, as root.
/// </summary>
[TraitDiscoverer("Famfs.TestSupport.RequiresRootDiscoverer", "Famfs.TestSupport.Common")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresRootAttribute : Attribute, ITraitAttribute
{
    public const string Name = "Requires";
    public const string Value = "root";
}

/// <summary>Turns <see cref="RequiresRootAttribute"/> into its trait.</summary>
public sealed class RequiresRootDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new(RequiresRootAttribute.Name, RequiresRootAttribute.Value)];
}
