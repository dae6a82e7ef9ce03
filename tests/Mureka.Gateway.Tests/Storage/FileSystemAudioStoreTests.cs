using Microsoft.Extensions.Options;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Tests.Storage;

/// <summary>The filesystem store on a real temporary folder: deletes leave no empty folders behind, and keys stay under the root.</summary>
public sealed class FileSystemAudioStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mureka-store-test-{Guid.NewGuid():N}");
    private readonly FileSystemAudioStore _store;

    public FileSystemAudioStoreTests()
    {
        _store = new FileSystemAudioStore(Options.Create(new GatewayOptions { AudioRoot = _root }));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Delete_LastObjectsOfAttemptsAndGeneration_FoldersPrunedRootKept()
    {
        await WriteAsync("gen/claim-a/mix.wav");
        await WriteAsync("gen/claim-a/drums.wav");
        await WriteAsync("gen/claim-b/mix.wav");

        await _store.DeleteAsync("gen/claim-a/mix.wav", CancellationToken.None);
        var keptWhileAnotherObjectRemains = Directory.Exists(Path.Combine(_root, "gen", "claim-a"));
        await _store.DeleteAsync("gen/claim-a/drums.wav", CancellationToken.None);
        var attemptFolderGone = !Directory.Exists(Path.Combine(_root, "gen", "claim-a"));
        var generationKeptForOtherAttempt = Directory.Exists(Path.Combine(_root, "gen"));
        await _store.DeleteAsync("gen/claim-b/mix.wav", CancellationToken.None);

        Assert.True(keptWhileAnotherObjectRemains);
        Assert.True(attemptFolderGone);
        Assert.True(generationKeptForOtherAttempt);
        Assert.False(Directory.Exists(Path.Combine(_root, "gen")));
        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public async Task Create_AfterItsFolderWasPruned_WritesAndReadsBack()
    {
        await WriteAsync("gen/claim-a/mix.wav");
        await _store.DeleteAsync("gen/claim-a/mix.wav", CancellationToken.None);

        await WriteAsync("gen/claim-a/mix.wav");

        await using var read = await _store.OpenReadAsync("gen/claim-a/mix.wav", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(4, read.Length);
    }

    [Theory]
    [InlineData("../outside.wav")]
    [InlineData("gen/../../outside.wav")]
    public async Task Create_KeyEscapingTheRoot_Refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateAsync(key, CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "outside.wav")));
    }

    private async Task WriteAsync(string key)
    {
        await using var writer = await _store.CreateAsync(key, CancellationToken.None);
        await writer.WriteAsync(new byte[] { 1, 2, 3, 4 }, CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
    }
}
