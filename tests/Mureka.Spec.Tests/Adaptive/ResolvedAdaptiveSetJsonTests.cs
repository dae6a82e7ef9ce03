using Mureka.Spec.Adaptive;

namespace Mureka.Spec.Tests.Adaptive;

public sealed class ResolvedAdaptiveSetJsonTests
{
    [Fact]
    public void Write_ThenRead_GivesTheSameSet_AndTheSameBill()
    {
        var set = AdaptiveSetResolver.Resolve(new AdaptiveSetSpec { Preset = "action", Bpm = 110, Key = "D minor", Seed = 7 });

        var json = ResolvedAdaptiveSetJson.Write(set);
        var read = ResolvedAdaptiveSetJson.Read(json);

        Assert.Equal(json, ResolvedAdaptiveSetJson.Write(read));
        Assert.Equal(set.BilledMilliseconds, read.BilledMilliseconds);
        Assert.Empty(ResolvedAdaptiveSetJson.Validate(read));
    }

    [Fact]
    public void Validate_AnOutOfRangeSpec_NamesWhereItSits()
    {
        var set = AdaptiveSetResolver.Resolve(new AdaptiveSetSpec { Preset = "stealth", Seed = 3 });
        var broken = set with { States = [set.States[0], set.States[1] with { Spec = set.States[1].Spec with { Bpm = 9000 } }] };

        var errors = ResolvedAdaptiveSetJson.Validate(broken);

        Assert.Contains(errors, e => e.Field == "states[1].spec.bpm");
    }

    [Fact]
    public void Read_NotASet_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ResolvedAdaptiveSetJson.Read("""{"model": 3}"""));
    }
}
