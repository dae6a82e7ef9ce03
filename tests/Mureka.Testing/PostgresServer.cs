using System.Diagnostics;
using Npgsql;

namespace Mureka.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's packages on a free port (of loopback, or of another address of
/// this machine's, such as a test network's), started for a test run and removed afterwards. When running as root the cluster runs as the postgres user,
/// as PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _binDirectory;
    private readonly string? _runAs;
    private readonly string _address;

    private PostgresServer(string directory, string binDirectory, string? runAs, int port, string address)
    {
        _directory = directory;
        _binDirectory = binDirectory;
        _runAs = runAs;
        _address = address;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Connection string for the maintenance database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    // Many gateways share one test server (two replicas, restarts, parallel classes): each pool stays small and lets
    // idle connections go within seconds, so a burst in one test cannot use up max_connections for the next.
    public string ConnectionStringFor(string database) =>
        $"Host={_address};Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=25;Connection Idle Lifetime=10;Connection Pruning Interval=5;Timeout=15";

    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync("127.0.0.1", cancellationToken);

    /// <param name="address">The one address it listens on; clients on that address's subnet are trusted too.</param>
    public static async Task<PostgresServer> StartAsync(string address, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        var directory = Directory.CreateTempSubdirectory("mureka-pg-").FullName;
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", $"{runAs}:{runAs}", directory], null, cancellationToken);
        }

        var server = new PostgresServer(directory, bin, runAs, FreeTcpPort.OnLoopback(), address);
        await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], cancellationToken);
        if (address != "127.0.0.1")
        {
            // initdb trusts loopback only; a test network's machines connect from its subnet.
            await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "pg_hba.conf"), "host all all samenet trust\n", cancellationToken);
        }

        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Stops the server as an orderly shutdown does (<c>pg_ctl -m fast</c>): sessions are terminated with 57P01 and new connections are refused.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);

    /// <summary>Starts the cluster (again, after <see cref="StopAsync"/>) on the same port with the same data.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var options = $"-c listen_addresses={_address} -p {Port} -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        return RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-o", options, "-w", "-t", "60", "start"], cancellationToken);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory still goes.
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAs is null
            ? RunAsync(path, arguments, _directory, cancellationToken)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], _directory, cancellationToken);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static string FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql; install them with 'apt-get install postgresql'.");
    }
}
