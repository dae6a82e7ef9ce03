using Mureka.Spec.Themes;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Tests;

public sealed class PieceExtensionTests
{
    private static readonly ResolvedMusicSpec Parent = SpecResolver.Resolve(new MusicSpec { Genre = "jazz", DurationMs = 30_000, Seed = 4 });

    [Fact]
    public void AnExtension_BillsOnlyWhatItAdds_AndPassesTheHostsCheck()
    {
        var extension = Parent with { DurationMs = 75_000, Extends = new PieceExtension { DurationsMs = [30_000, 50_000], Intensities = [2, 2, 3] } };

        Assert.Equal(75_000, RenderedLength.Milliseconds(extension));
        Assert.Equal(25_000, RenderedLength.BilledMilliseconds(extension));
        Assert.Equal(30_000, RenderedLength.BilledMilliseconds(Parent));
        Assert.Empty(ResolvedSpecValidator.Validate(extension));
    }

    [Fact]
    public void ABrokenExtension_IsNamedAtTheHostsBoundary()
    {
        var errors = new[]
        {
            Parent with { Extends = new PieceExtension { DurationsMs = [40_000], Intensities = [2, 2] } },
            Parent with { Extends = new PieceExtension { DurationsMs = [10_000], Intensities = [2] } },
            Parent with { Extends = new PieceExtension { DurationsMs = [10_000], Intensities = [2, 7] } },
            Parent with { Loop = true, Extends = new PieceExtension { DurationsMs = [10_000], Intensities = [2, 2] } },
            Parent with { Theme = new ResolvedTheme { Source = "midi", TimeSignature = "4/4", Key = Parent.Key, Bars = 1, Notes = [new(0, 4, 60)] } },
        }.Select(spec => ResolvedSpecValidator.Validate(spec).Select(e => e.Field).ToList()).ToList();

        Assert.Equal(["extends.durations_ms[0]"], errors[0]);
        Assert.Equal(["extends"], errors[1]);
        Assert.Equal(["extends.intensities[1]"], errors[2]);
        Assert.Equal(["extends"], errors[3]);
        Assert.Equal(["theme.notes"], errors[4]);
    }
}
