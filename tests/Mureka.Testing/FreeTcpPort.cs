using System.Net;
using System.Net.Sockets;

namespace Mureka.Testing;

/// <summary>A TCP port nobody listens on right now, for a server a test or benchmark is about to start.</summary>
public static class FreeTcpPort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
