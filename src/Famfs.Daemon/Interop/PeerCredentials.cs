using System.Buffers.Binary;
using System.Net.Sockets;

namespace Famfs.Daemon.Interop;

/// <summary>Who is on the other end of a Unix socket, as the kernel recorded it at connect (SO_PEERCRED).</summary>
internal static class PeerCredentials
{
    private const int SOL_SOCKET = 1;
    private const int SO_PEERCRED = 17;

    /// <summary>The connecting process's uid (struct ucred is pid, uid, gid), or null if the kernel would not say.</summary>
    public static uint? Uid(Socket client)
    {
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            return client.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, credentials) == credentials.Length
                ? BinaryPrimitives.ReadUInt32LittleEndian(credentials[4..])
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
