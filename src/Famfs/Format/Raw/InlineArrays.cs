using System.Runtime.CompilerServices;

namespace Famfs.Format.Raw;

/// <summary>A 16-byte field: a UUID as stored on media.</summary>
[InlineArray(16)]
internal struct Bytes16 { private byte _element0; }

/// <summary>char dd_daxdev[64].</summary>
[InlineArray(64)]
internal struct Bytes64 { private byte _element0; }

/// <summary>char relpath[80].</summary>
[InlineArray(FormatConstants.PathFieldSize)]
internal struct Bytes80 { private byte _element0; }

/// <summary>struct famfs_simple_extent se[16] / ie_strips[16].</summary>
[InlineArray(FormatConstants.MaxSimpleExtents)]
internal struct SimpleExtents16 { private famfs_simple_extent _element0; }

