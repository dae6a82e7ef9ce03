using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Mureka.Inference.Host.Runtime;

/// <summary>The host's name in GetInfo; the default needs the bound port, which is only known once Kestrel listens.</summary>
public sealed class HostIdentity(HostOptions options, IServer server)
{
    public string HostId
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.HostId))
            {
                return options.HostId;
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return address is null ? Environment.MachineName : $"{Environment.MachineName}:{new Uri(address).Port}";
        }
    }
}
