using Famfs.Errors;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Famfs.Tests.Architecture;

/// <summary>
/// The engine is configured through options objects: only Famfs.Hosting, which the CLI and the
/// daemon call at their start, turns environment variables into options.
/// </summary>
public sealed class EnvironmentVariableTests
{
    [Fact]
    public void Only_the_hosting_layer_reads_environment_variables()
    {
        using var module = ModuleDefinition.ReadModule(typeof(FamfsException).Assembly.Location);
        var readers = module.GetTypes()
            .Where(type => type.Namespace != "Famfs.Hosting" && !(type.DeclaringType?.Namespace == "Famfs.Hosting"))
            .SelectMany(type => type.Methods.Where(method => method.HasBody).Select(method => (type, method)))
            .Where(pair => pair.method.Body.Instructions.Any(ReadsEnvironment))
            .Select(pair => $"{pair.type.FullName}.{pair.method.Name}")
            .Distinct()
            .ToList();

        Assert.True(readers.Count == 0, $"the engine reads environment variables outside Famfs.Hosting:\n{string.Join("\n", readers)}");
    }

    private static bool ReadsEnvironment(Instruction instruction) =>
        instruction.OpCode.Code is Code.Call or Code.Callvirt
        && instruction.Operand is MethodReference { DeclaringType.FullName: "System.Environment" } method
        && method.Name.StartsWith("GetEnvironmentVariable", StringComparison.Ordinal);
}
