using System.Net;
using System.Net.Sockets;

namespace Monitoring.Tests;

/// <summary>Loopback ports nobody listens on right now (tests never use the well-known 11111/30000/8080).</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port)) return port;
            }
        }
    }
}
