using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// The grooves one piece plays, varied from the genre's written groove by the seed: a main groove for the
/// statements, a busier lift for high-energy sections, and an "answer" hit that marks every second bar.
/// Same seed and genre, same grooves; another seed moves kicks, ghost notes and hat density.
/// </summary>
internal sealed record GrooveSet(DrumGroove Main, DrumGroove Lift, DrumLine? Answer, int FillStyleSeed)
{
    private static readonly HashSet<int> Kicks = [35, 36];
    private static readonly HashSet<int> Backbeats = [37, 38, 39, 40];
    private static readonly HashSet<int> Hats = [42, 44, 46, 51, 53, 54, 59, 69, 70, 82];

    /// <summary>Kick and backbeat: what a sparse (intensity 1) beat keeps.</summary>
    public static bool IsCore(int note) => Kicks.Contains(note) || Backbeats.Contains(note);

    public static GrooveSet For(ArrangementContext context, DrumPart part, string genre)
    {
        var random = new DeterministicRandom(DeterministicRandom.Derive(context.Seed, genre + "/groove"));
        var written = GenericGrooves.Resolve(context.Meter, part);
        var steps = context.Sixteenths;

        var main = written with { Lines = [.. written.Lines.Select(line => Vary(line, steps, random))] };
        var lift = main with { Lines = [.. main.Lines.Select(line => Hats.Contains(line.Note) ? Busier(line, steps) : line)] };
        var kick = written.Lines.FirstOrDefault(l => Kicks.Contains(l.Note))?.Note ?? part.FallbackKick;
        var answerAt = random.NextDouble() < 0.5 ? steps - 2 : steps - context.Beat16 + 2;
        var answer = random.NextDouble() < 0.8 ? new DrumLine(random.NextDouble() < 0.6 ? kick : 46, Single(steps, answerAt, 'x')) : null;
        return new GrooveSet(main, lift, answer, random.NextInt(0, 1 << 20));
    }

    private static DrumLine Vary(DrumLine line, int steps, DeterministicRandom random)
    {
        var pattern = Expand(line.Pattern, steps);
        int[] kickSpots = steps == 16 ? [3, 7, 10, 11, 14] : [5, 9, 11];
        int[] ghostSpots = steps == 16 ? [7, 9, 15] : [3, 9, 11];
        if (Kicks.Contains(line.Note) && random.NextDouble() < 0.75)
        {
            pattern = Place(pattern, kickSpots[random.NextInt(kickSpots.Length)], 'x');
        }
        else if (Backbeats.Contains(line.Note) && random.NextDouble() < 0.6)
        {
            pattern = Place(pattern, ghostSpots[random.NextInt(ghostSpots.Length)], 'o');
        }
        else if (Hats.Contains(line.Note) && random.NextDouble() < 0.4)
        {
            pattern = Busier(line with { Pattern = pattern }, steps).Pattern;
        }

        return line with { Pattern = pattern };
    }

    /// <summary>Fills the empty sixteenths between a hat line's hits with ghost strokes.</summary>
    private static DrumLine Busier(DrumLine line, int steps)
    {
        var pattern = Expand(line.Pattern, steps).ToCharArray();
        if (pattern.Count(c => c != '.') * 2 < steps)
        {
            return line with { Pattern = new string(pattern) };
        }

        for (var i = 1; i < pattern.Length; i += 2)
        {
            if (pattern[i] == '.')
            {
                pattern[i] = 'o';
            }
        }

        return line with { Pattern = new string(pattern) };
    }

    private static string Expand(string pattern, int steps)
    {
        if (pattern.Length == 0)
        {
            return new string('.', steps);
        }

        var chars = new char[steps];
        for (var i = 0; i < steps; i++)
        {
            chars[i] = pattern[i % pattern.Length];
        }

        return new string(chars);
    }

    private static string Place(string pattern, int position, char stroke) =>
        position < pattern.Length && pattern[position] == '.' ? pattern[..position] + stroke + pattern[(position + 1)..] : pattern;

    private static string Single(int steps, int position, char stroke) => Place(new string('.', steps), Math.Clamp(position, 0, steps - 1), stroke);
}
