using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mureka.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> from Debian's package on a free loopback port, without persistence,
/// stopped (its process killed) when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string[] Programs = ["/usr/bin/redis-server", "/usr/sbin/redis-server"];

    private readonly Process _process;

    private readonly string _address;

    private RedisServer(Process process, int port, string address)
    {
        _process = process;
        Port = port;
        _address = address;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"{_address}:{Port}";

    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync("127.0.0.1", cancellationToken);

    /// <param name="address">The one address it listens on (a test network's, say); loopback by default.</param>
    public static async Task<RedisServer> StartAsync(string address, CancellationToken cancellationToken = default)
    {
        var program = Programs.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server not found; install it with ops/install-deps.sh (apt-get install redis-server).");
        var port = FreeTcpPort.OnLoopback();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", address, "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", address == "127.0.0.1" ? "yes" : "no"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port, address);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(20), cancellationToken);
        return server;
    }

    /// <summary>Stops the server at once, as when it crashes or the network to it breaks.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Parse(_address), Port, deadline.Token);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), deadline.Token);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException) when (!deadline.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
