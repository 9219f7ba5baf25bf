using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Famfs.Tests.Architecture;

/// <summary>
/// Every type one type of an assembly refers to: its base type, interfaces, attributes, fields,
/// properties, events, method signatures, locals and every type or member its IL names.
/// Nested and compiler-generated types count as their outermost declaring type.
/// </summary>
internal static class AssemblyReferences
{
    public static IReadOnlyList<(string From, string To)> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var references = new List<(string, string)>();
        foreach (var type in module.GetTypes())
        {
            var from = Outermost(type).FullName;
            foreach (var to in ReferencedBy(type).SelectMany(Expand).Select(t => Outermost(t).FullName).Distinct())
            {
                references.Add((from, to));
            }
        }

        return references;
    }

    private static IEnumerable<TypeReference?> ReferencedBy(TypeDefinition type)
    {
        yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var e in type.Events) yield return e.EventType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
            {
                foreach (var t in Operand(instruction)) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference?> Operand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) yield return p.ParameterType;
                if (m is GenericInstanceMethod g)
                {
                    foreach (var a in g.GenericArguments) yield return a;
                }

                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }

    /// <summary>A type and the types inside it: element types of arrays, pointers and by-refs, generic arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        switch (type)
        {
            case null:
            case GenericParameter:
                yield break;
            case GenericInstanceType g:
                yield return g.ElementType;
                foreach (var t in g.GenericArguments.SelectMany(Expand)) yield return t;
                break;
            case TypeSpecification s:
                foreach (var t in Expand(s.ElementType)) yield return t;
                break;
            default:
                yield return type;
                break;
        }
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }
}
