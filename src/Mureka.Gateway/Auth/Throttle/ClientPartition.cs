using System.Net;
using System.Net.Sockets;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Which throttle bucket a client address counts against: the address itself for IPv4, its prefix for IPv6,
/// folded into a fixed number of buckets by <see cref="HashCode"/> (seeded at random per process, so nobody can
/// aim their addresses at someone else's bucket).
/// </summary>
internal static class ClientPartition
{
    public static int Of(IPAddress? address, int ipv6PrefixLength, int buckets)
    {
        if (address is null)
        {
            // Not an IP connection (tests, sockets): one shared bucket.
            return 0;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Mask(bytes[..written], ipv6PrefixLength);
        }

        var hash = new HashCode();
        hash.AddBytes(bytes[..written]);
        return (int)((uint)hash.ToHashCode() % (uint)buckets);
    }

    private static void Mask(Span<byte> bytes, int prefixLength)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
    }
}
