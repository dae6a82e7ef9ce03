using System.Diagnostics;
using System.Security.Cryptography;

namespace Mureka.Testing;

/// <summary>
/// An S3-compatible server on a free loopback port (s3rver from <c>tests/s3-server</c>, run by Node.js) with one
/// bucket and one random access key pair; it speaks the S3 REST protocol to the real AWS SDK and verifies SigV4
/// signatures. Killed and its folder removed when disposed.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private S3Server(Process process, string directory, string address, int port, string bucket, string accessKey, string secretKey)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = $"http://{address}:{port}";
        Bucket = bucket;
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    public string ServiceUrl { get; }

    public string Bucket { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>Configuration for a gateway that keeps its audio here.</summary>
    public IReadOnlyDictionary<string, string> GatewaySettings => new Dictionary<string, string>
    {
        ["Gateway:AudioStore:Kind"] = "S3",
        ["Gateway:AudioStore:S3:ServiceUrl"] = ServiceUrl,
        ["Gateway:AudioStore:S3:Bucket"] = Bucket,
        ["Gateway:AudioStore:S3:AccessKey"] = AccessKey,
        ["Gateway:AudioStore:S3:SecretKey"] = SecretKey,
    };

    /// <param name="address">Where to listen (a network namespace's own address, say); loopback by default.</param>
    public static async Task<S3Server> StartAsync(string bucket = "mureka-audio", string address = "127.0.0.1", CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(RepositoryLayout.Root, "tests", "s3-server");
        if (!File.Exists(Path.Combine(script, "node_modules", "s3rver", "package.json")))
        {
            throw new InvalidOperationException($"s3rver is not installed: run tests/s3-server/install.sh (ops/test.sh does)");
        }

        var directory = Directory.CreateTempSubdirectory("mureka-s3-").FullName;
        var accessKey = "AKIA" + RandomNumberGenerator.GetHexString(16, lowercase: false);
        var secretKey = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = script,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["serve.mjs", "0", directory, bucket, accessKey, secretKey, address])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the S3 server exited: {errors}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return new S3Server(process, directory, address, port, bucket, accessKey, secretKey);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
