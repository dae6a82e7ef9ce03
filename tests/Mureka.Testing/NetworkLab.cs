using System.Diagnostics;
using System.Security.Cryptography;

namespace Mureka.Testing;

/// <summary>
/// Separate machines on one LAN, made of Linux network namespaces: each machine is a namespace with its own address
/// and loopback, plugged into a bridge that lives in a namespace of its own (so the host's firewall and bridge
/// filtering never see the traffic); this process's namespace is plugged in too, at <see cref="RootAddress"/>, so
/// tests reach every machine and servers bound there are reachable from all of them. Needs root (CAP_NET_ADMIN).
/// Everything is removed when disposed.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    private readonly string _name;
    private readonly List<string> _namespaces = [];
    private readonly List<MachineProcess> _processes = [];

    private NetworkLab(string name, string subnet)
    {
        _name = name;
        Subnet = subnet;
    }

    /// <summary>The first three octets, e.g. <c>10.213.57</c>.</summary>
    public string Subnet { get; }

    public string RootAddress => $"{Subnet}.1";

    public IReadOnlyList<Machine> Machines { get; private set; } = [];

    public static async Task<NetworkLab> CreateAsync(int machines, CancellationToken cancellationToken = default)
    {
        var name = "mk" + RandomNumberGenerator.GetHexString(4, lowercase: true);
        var routes = await RunAsync("ip", ["-4", "route", "show"], cancellationToken);
        string subnet;
        do
        {
            subnet = $"10.213.{RandomNumberGenerator.GetInt32(1, 255)}";
        }
        while (routes.Contains(subnet + ".", StringComparison.Ordinal));

        var lab = new NetworkLab(name, subnet);
        try
        {
            await lab.BuildAsync(machines, cancellationToken);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="program"/> inside the machine's namespace; its output is kept for diagnostics.</summary>
    public MachineProcess Start(Machine machine, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = ServiceProcess.StartInfo("ip", ["netns", "exec", machine.Namespace, program, .. arguments], environment);
        var process = new MachineProcess(machine, Process.Start(start) ?? throw new InvalidOperationException($"could not start {program} on {machine.Name}"));
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            await TryRunAsync("ip", ["netns", "del", ns]);
        }

        // The root's end of its cable goes with its peer, but not always before this returns.
        await TryRunAsync("ip", ["link", "del", _name + "r"]);
    }

    private async Task BuildAsync(int machines, CancellationToken cancellationToken)
    {
        var lan = await AddNamespaceAsync("lan", cancellationToken);
        await InAsync(lan, ["ip", "link", "add", "br0", "type", "bridge"], cancellationToken);
        await InAsync(lan, ["ip", "link", "set", "br0", "up"], cancellationToken);

        // This process's namespace: one cable to the bridge.
        await RunAsync("ip", ["link", "add", _name + "r", "type", "veth", "peer", "name", _name + "rl"], cancellationToken);
        await PlugAsync(lan, _name + "rl", cancellationToken);
        await RunAsync("ip", ["addr", "add", RootAddress + "/24", "dev", _name + "r"], cancellationToken);
        await RunAsync("ip", ["link", "set", _name + "r", "up"], cancellationToken);

        var list = new List<Machine>();
        for (var i = 0; i < machines; i++)
        {
            var ns = await AddNamespaceAsync($"m{i}", cancellationToken);
            var cable = $"{_name}m{i}";
            await RunAsync("ip", ["link", "add", cable, "type", "veth", "peer", "name", "eth0", "netns", ns], cancellationToken);
            await PlugAsync(lan, cable, cancellationToken);
            var address = $"{Subnet}.{10 + i}";
            await InAsync(ns, ["ip", "addr", "add", address + "/24", "dev", "eth0"], cancellationToken);
            await InAsync(ns, ["ip", "link", "set", "eth0", "up"], cancellationToken);
            await InAsync(ns, ["ip", "link", "set", "lo", "up"], cancellationToken);
            list.Add(new Machine($"m{i}", ns, address));
        }

        Machines = list;
    }

    private async Task<string> AddNamespaceAsync(string suffix, CancellationToken cancellationToken)
    {
        var ns = $"{_name}-{suffix}";
        await RunAsync("ip", ["netns", "add", ns], cancellationToken);
        _namespaces.Add(ns);
        return ns;
    }

    private static async Task PlugAsync(string lan, string cable, CancellationToken cancellationToken)
    {
        await RunAsync("ip", ["link", "set", cable, "netns", lan], cancellationToken);
        await InAsync(lan, ["ip", "link", "set", cable, "master", "br0"], cancellationToken);
        await InAsync(lan, ["ip", "link", "set", cable, "up"], cancellationToken);
    }

    private static Task<string> InAsync(string ns, string[] command, CancellationToken cancellationToken) =>
        RunAsync("ip", ["netns", "exec", ns, .. command], cancellationToken);

    private static async Task TryRunAsync(string program, string[] arguments)
    {
        try
        {
            await RunAsync(program, arguments, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<string> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}"
                + (Environment.UserName == "root" ? "" : " (network namespaces need root)"));
        }

        return await output;
    }

    public sealed record Machine(string Name, string Namespace, string Address);
}

/// <summary>A program running on one <see cref="NetworkLab"/> machine; killed when disposed.</summary>
public sealed class MachineProcess : ServiceProcess
{
    internal MachineProcess(NetworkLab.Machine machine, Process process)
        : base(process)
    {
        Machine = machine;
    }

    public NetworkLab.Machine Machine { get; }
}
