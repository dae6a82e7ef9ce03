namespace Mureka.Cli.Output;

/// <summary>
/// Writes several files so that either all of them appear or none does: each is written to a
/// hidden temporary file beside its target and moved into place only after every write succeeded.
/// </summary>
public sealed class AtomicFileSet : IAsyncDisposable
{
    private readonly List<(string Temporary, string Target)> _files = [];
    private bool _committed;

    public async Task WriteAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        _files.Add((temporary, full));
        await using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await write(stream, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Commit()
    {
        foreach (var (temporary, target) in _files)
        {
            File.Move(temporary, target, overwrite: true);
        }

        _committed = true;
    }

    public ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            foreach (var (temporary, _) in _files)
            {
                File.Delete(temporary);
            }
        }

        return ValueTask.CompletedTask;
    }
}
