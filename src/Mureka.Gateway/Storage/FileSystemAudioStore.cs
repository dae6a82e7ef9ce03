using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Storage;

/// <summary>Audio on a local (or mounted) filesystem. Writes go to a temporary name and are renamed into place, so readers never see half a file.</summary>
public sealed class FileSystemAudioStore(IOptions<GatewayOptions> options) : IAudioStore
{
    private readonly string _root = Path.GetFullPath(options.Value.AudioRoot);

    public Task<IAudioWriter> CreateAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                return Task.FromResult<IAudioWriter>(new Writer(stream, temp, path));
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A delete pruned the folder between its creation and the open (it was empty then): make it again.
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true));
    }

    /// <summary>The root exists (or can be made) and its disk has at least <see cref="GatewayOptions.AudioMinFreeBytes"/> free.</summary>
    public Task<string?> CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            var free = new DriveInfo(_root).AvailableFreeSpace;
            var needed = options.Value.AudioMinFreeBytes;
            return Task.FromResult(free < needed
                ? $"the audio store's disk has {free / (1 << 20)} MiB free, less than the {needed / (1 << 20)} MiB required"
                : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<string?>($"the audio root cannot be used: {e.GetType().Name}");
        }
    }

    /// <summary>Deletes the object and then the folders it leaves empty (an attempt's, a generation's), never the root.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        File.Delete(path);
        for (var folder = Path.GetDirectoryName(path); folder is not null && folder.Length > _root.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (IOException)
            {
                // Not empty (or already gone): the folders above it are not empty either.
                break;
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListOlderThanAsync(DateTimeOffset olderThan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(_root, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(file) < olderThan.UtcDateTime)
            {
                yield return Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        await Task.CompletedTask;
    }

    private string PathFor(string key)
    {
        // Keys are built by the gateway, but a path that escapes the root is refused all the same.
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("storage key escapes the audio root", nameof(key));
        }

        return path;
    }

    private sealed class Writer(FileStream stream, string tempPath, string finalPath) : IAudioWriter
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _committed;

        public long Length { get; private set; }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _hash.AppendData(data.Span);
            await stream.WriteAsync(data, cancellationToken);
            Length += data.Length;
        }

        public async Task<string> CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            await stream.DisposeAsync();
            File.Move(tempPath, finalPath, overwrite: true);
            _committed = true;
            return Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            _hash.Dispose();
            if (!_committed)
            {
                File.Delete(tempPath);
            }
        }
    }
}
