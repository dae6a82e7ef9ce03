using Mureka.Spec.Music;

namespace Mureka.Engine.Composer.Themes;

/// <summary>
/// Pitches relative to the tonic as scale degrees of a mode (degree, octave and a chromatic alteration), so a motif can
/// be moved along the scale — a sequence or an inversion — and come back with its chromatic notes intact.
/// </summary>
internal sealed class ScaleDegrees(Mode mode)
{
    private readonly IReadOnlyList<int> _steps = new MusicalKey(0, mode).ScaleSteps;

    /// <summary>The degree counted from the tonic (7 per octave, negative below) and the alteration in semitones.</summary>
    public (int Degree, int Alteration) Of(int relativePitch)
    {
        var octave = (int)Math.Floor(relativePitch / 12.0);
        var within = relativePitch - (12 * octave);
        var step = 6;
        while (_steps[step] > within)
        {
            step--;
        }

        return ((7 * octave) + step, within - _steps[step]);
    }

    public int PitchOf(int degree, int alteration)
    {
        var octave = (int)Math.Floor(degree / 7.0);
        return (12 * octave) + _steps[degree - (7 * octave)] + alteration;
    }

    /// <summary>The pitch moved <paramref name="degrees"/> steps along the scale.</summary>
    public int Shift(int relativePitch, int degrees)
    {
        var (degree, alteration) = Of(relativePitch);
        return PitchOf(degree + degrees, alteration);
    }

    /// <summary>The pitch mirrored along the scale around <paramref name="axis"/>.</summary>
    public int Mirror(int relativePitch, int axis)
    {
        var (degree, alteration) = Of(relativePitch);
        var (axisDegree, _) = Of(axis);
        return PitchOf((2 * axisDegree) - degree, -alteration);
    }
}
