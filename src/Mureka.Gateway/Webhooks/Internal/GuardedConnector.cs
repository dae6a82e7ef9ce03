using System.Net;
using System.Net.Sockets;

namespace Mureka.Gateway.Webhooks.Internal;

/// <summary>
/// The webhook client's connect step: resolves the host at delivery time and connects only to addresses
/// <see cref="DestinationPolicy"/> allows. Checking the addresses actually connected to (not the URL at
/// registration) also defeats DNS names that are re-pointed at private addresses later (DNS rebinding).
/// </summary>
internal sealed class GuardedConnector(bool allowLoopback)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = resolved.Where(a => DestinationPolicy.IsAllowed(a, allowLoopback)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookDestinationRefusedException($"'{host}' resolves to no address webhooks may reach (loopback, private, link-local and reserved ranges are refused)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The endpoint's host resolves only to addresses webhooks must not reach.</summary>
public sealed class WebhookDestinationRefusedException : Exception
{
    public WebhookDestinationRefusedException()
    {
    }

    public WebhookDestinationRefusedException(string message)
        : base(message)
    {
    }

    public WebhookDestinationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
