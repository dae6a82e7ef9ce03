using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering;

/// <summary>One score track rendered dry (no synth reverb or chorus, centred), exactly <see cref="RenderOptions.TotalFrames"/> long.</summary>
public sealed record RenderedTrack(ScoreTrack Track, AudioBuffer Audio);

/// <summary>Every track of a score rendered on its own, in the score's track order.</summary>
public sealed record RenderedTracks(IReadOnlyList<RenderedTrack> Tracks)
{
    /// <summary>The plain sum of the dry tracks of each stem (no mixing): one buffer per <see cref="StemKind"/>.</summary>
    public RenderedStems SumByStem(int sampleRate, int frames)
    {
        var stems = new Dictionary<StemKind, AudioBuffer>();
        foreach (var kind in Enum.GetValues<StemKind>())
        {
            var sum = new AudioBuffer(sampleRate, frames);
            foreach (var rendered in Tracks)
            {
                if (rendered.Track.Stem != kind)
                {
                    continue;
                }

                var left = rendered.Audio.Left;
                var right = rendered.Audio.Right;
                for (var i = 0; i < frames; i++)
                {
                    sum.Left[i] += left[i];
                    sum.Right[i] += right[i];
                }
            }

            stems[kind] = sum;
        }

        return new RenderedStems(stems);
    }
}
