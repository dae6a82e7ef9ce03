using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Generation.Internal;

public sealed class TrackSpecCheckTests
{
    [Fact]
    public void Check_FullySpecifiedTrack_KeepsEveryField()
    {
        // Arrange
        var spec = Specs.Track(durationMs: 5_000, seed: 99, genre: "jazz", stems: true);

        // Act
        var check = TrackSpecCheck.Check(spec, "mureka-compose-1");

        // Assert
        var request = Assert.IsType<Mureka.Spec.ResolvedMusicSpec>(check.Spec);
        Assert.Equal(("jazz", 112.0, 5_000, 99UL, true), (request.Genre, request.Bpm, request.DurationMs, request.Seed, request.Stems));
        Assert.Empty(check.Violations);
    }

    [Fact]
    public void Check_Mp3WithDefaultBitDepth_IsValid()
    {
        // Arrange: a resolved mp3 request still carries bit_depth 16.
        var spec = Specs.Track(format: AudioFormat.Mp3);

        // Act
        var check = TrackSpecCheck.Check(spec, "mureka-compose-1");

        // Assert
        Assert.NotNull(check.Spec);
    }

    [Fact]
    public void Check_UnknownModelAndNoFormat_NamesBothFields()
    {
        // Arrange
        var spec = Specs.Track();
        spec.Model = "musicgen-small";
        spec.Format = AudioFormat.Unspecified;

        // Act
        var check = TrackSpecCheck.Check(spec, "mureka-compose-1");

        // Assert
        Assert.Null(check.Spec);
        Assert.Equal(["model", "format"], check.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Check_OpenFields_AreRefusedNotResolved()
    {
        // Arrange: a spec that still has open fields (proto3 empty values) must not be filled in by the host.
        var spec = Specs.Track();
        spec.Genre = "";
        spec.Bpm = 0;
        spec.Key = "";

        // Act
        var check = TrackSpecCheck.Check(spec, "mureka-compose-1");

        // Assert
        Assert.Null(check.Spec);
        Assert.Equal(["key", "genre", "bpm"], check.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Check_NonCanonicalGenreSpelling_IsRefused()
    {
        // Arrange
        var spec = Specs.Track(genre: "Jazz");

        // Act
        var check = TrackSpecCheck.Check(spec, "mureka-compose-1");

        // Assert
        Assert.Null(check.Spec);
        Assert.Contains(check.Violations, v => v.Field == "genre" && v.Description.Contains("'jazz'", StringComparison.Ordinal));
    }

    [Fact]
    public void WithProvenance_PrintableIds_KeptForTheFilesTags()
    {
        var provenance = new FileProvenance { GenerationId = "0b9a4c1e-6f3d-4d8e-9a51-2c7e5f0d3b14", LicenseId = "lic_0b9a4c1e6f3d4d8e9a512c7e5f0d3b14" };

        var check = TrackSpecCheck.Check(Specs.Track(), "mureka-compose-1").WithProvenance(provenance);

        Assert.NotNull(check.Spec);
        Assert.Same(provenance, check.Provenance);
    }

    [Theory]
    [InlineData("gen\u0000id", "lic_1", "provenance.generation_id")]
    [InlineData("gen-1", "", "provenance.license_id")]
    [InlineData("gen-1", "lic_é", "provenance.license_id")]
    public void WithProvenance_IdsNoTagCanHold_RefusedNamingTheField(string generationId, string licenseId, string field)
    {
        var provenance = new FileProvenance { GenerationId = System.Text.RegularExpressions.Regex.Unescape(generationId), LicenseId = licenseId };

        var check = TrackSpecCheck.Check(Specs.Track(), "mureka-compose-1").WithProvenance(provenance);

        Assert.Null(check.Spec);
        Assert.Equal(field, Assert.Single(check.Violations).Field);
    }
}
