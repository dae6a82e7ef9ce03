using System.Net;
using System.Net.Sockets;

namespace Mureka.Gateway.Webhooks.Internal;

/// <summary>
/// Which addresses a webhook may reach: public unicast only, so a tenant cannot point the gateway at its
/// own network (SSRF). Loopback is allowed only with <see cref="WebhookOptions.AllowInsecureLoopback"/>.
/// </summary>
internal static class DestinationPolicy
{
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    /// <summary>True for host names that name this machine whatever DNS says.</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                   // "this network"
        || b[0] == 10                               // private
        || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata services
        || (b[0] == 172 && b[1] >= 16 && b[1] < 32) // private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // IETF protocol assignments
        || (b[0] == 192 && b[1] == 168)             // private
        || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
        || b[0] >= 224);                            // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (b[0] & 0xfe) == 0xfc                // unique local fc00::/7
            || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) // NAT64 64:ff9b::/96 can reach private IPv4
            || (b[0] == 0x20 && b[1] == 0x02)       // 6to4 2002::/16 embeds any IPv4
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)); // documentation
    }
}
