using System.Net;
using System.Net.Sockets;

namespace ItEval.Tests.Infrastructure;

/// <summary>Loopback ports for tests that start a process or point a client at nothing.</summary>
public static class LocalPorts
{
    /// <summary>A port nothing listens on right now (the system picked it and it was released).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
