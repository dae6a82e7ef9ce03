using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>A plain groove for a metre a genre does not specialise, built from the kit's own kick, backbeat and hat notes.</summary>
internal static class GenericGrooves
{
    public static DrumGroove For(TimeSignature meter, DrumPart part)
    {
        string kick, snare, hat;
        if (meter.Denominator == 8)
        {
            kick = "X.....x.....";
            snare = "......X.....";
            hat = "x.o.o.x.o.o.";
        }
        else if (meter.SixteenthsPerBar == 12)
        {
            kick = "X...........";
            snare = "....x...x...";
            hat = "x.o.x.o.x.o.";
        }
        else
        {
            kick = "X.......x.x.....";
            snare = "....X.......X...";
            hat = "x.o.x.o.x.o.x.o.";
        }

        return new DrumGroove(meter, [new(part.FallbackKick, kick), new(part.FallbackHat, hat), new(part.FallbackSnare, snare, part.FallbackSnareLayer)]);
    }

    /// <summary>The groove this part plays in a metre: its own if written, otherwise the generic one.</summary>
    public static DrumGroove Resolve(TimeSignature meter, DrumPart part) =>
        part.Grooves.FirstOrDefault(g => g.Meter == meter) ?? For(meter, part);
}
