using Famfs.Format;

namespace Famfs.Namespace;

/// <summary>
/// Judges whether the space a FILE entry names may be served, before log play adds the file:
/// the one check fsck, every open and every log play share, so that nothing fsck rejects is
/// ever served (Allocation/SpaceAdmission implements it).
/// </summary>
internal interface IFileAdmission
{
    /// <summary>Null when the file's space is sound and now taken by it; otherwise why it is refused (nothing is taken then).</summary>
    string? Admit(ulong index, FileEntry file);
}
