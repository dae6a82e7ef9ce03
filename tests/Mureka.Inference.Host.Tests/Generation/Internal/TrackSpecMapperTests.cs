using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Generation.Internal;

public sealed class TrackSpecMapperTests
{
    [Fact]
    public void Resolve_FullySpecifiedTrack_KeepsEveryField()
    {
        // Arrange
        var spec = Specs.Track(durationMs: 5_000, seed: 99, genre: "jazz", stems: true);

        // Act
        var resolution = TrackSpecMapper.Resolve(spec, "mureka-compose-1");

        // Assert
        var request = Assert.IsType<Mureka.Engine.Requests.ResolvedRequest>(resolution.Request);
        Assert.Equal(("jazz", 112.0, 5_000, 99UL, true), (request.Genre, request.Bpm, request.DurationMs, request.Seed, request.Stems));
        Assert.Empty(resolution.Violations);
    }

    [Fact]
    public void Resolve_Mp3WithDefaultBitDepth_IsValid()
    {
        // Arrange: a resolved mp3 request still carries bit_depth 16.
        var spec = Specs.Track(format: AudioFormat.Mp3);

        // Act
        var resolution = TrackSpecMapper.Resolve(spec, "mureka-compose-1");

        // Assert
        Assert.NotNull(resolution.Request);
    }

    [Fact]
    public void Resolve_UnknownModelAndNoFormat_NamesBothFields()
    {
        // Arrange
        var spec = Specs.Track();
        spec.Model = "musicgen-small";
        spec.Format = AudioFormat.Unspecified;

        // Act
        var resolution = TrackSpecMapper.Resolve(spec, "mureka-compose-1");

        // Assert
        Assert.Null(resolution.Request);
        Assert.Equal(["model", "format"], resolution.Violations.Select(v => v.Field));
    }
}
