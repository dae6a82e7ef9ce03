using Mureka.Spec.Music;
using Mureka.Spec.Themes;
using Mureka.Testing;

namespace Mureka.Spec.Tests.Themes;

public sealed class ThemeReaderTests
{
    [Fact]
    public void Abc_ReadsNotesKeyMetreAndTempo()
    {
        var theme = Read(new MusicTheme { Abc = ThemeFixtures.DMinorAbc });

        Assert.Equal("abc", theme.Source);
        Assert.Equal(new MusicalKey(2, Mode.Minor), theme.Key);
        Assert.Equal("4/4", theme.TimeSignature);
        Assert.Equal(100, theme.Bpm);
        Assert.Equal(4, theme.Bars);
        // A2 d2 f2 e>d: the broken pair is a dotted eighth and a sixteenth; ^c is C sharp.
        Assert.Equal(
            [new(0, 4, 69), new(4, 4, 74), new(8, 4, 77), new(12, 3, 76), new(15, 1, 74), new(16, 4, 73)],
            theme.Notes.Take(6));
        Assert.Equal(new ThemeNote(56, 8, 74), theme.Notes[^1]);
    }

    [Fact]
    public void Abc_PickupTieTripletAndSignatureAccidentals()
    {
        var theme = Read(new MusicTheme { Abc = ThemeFixtures.GMajorWaltzAbc });

        Assert.Equal(new MusicalKey(7, Mode.Major), theme.Key);
        Assert.Equal("3/4", theme.TimeSignature);
        Assert.Equal(132, theme.Bpm);
        // The pickup D sits on the last beat before the first bar line; f is F sharp in G; the tie makes one long d.
        Assert.Equal(new ThemeNote(8, 4, 62), theme.Notes[0]);
        Assert.Contains(theme.Notes, n => n.Pitch == 78);
        Assert.Contains(new ThemeNote(32, 8, 74), theme.Notes);
        Assert.Equal(5, theme.Bars);
    }

    [Theory]
    [InlineData(ThemeFixtures.DMinorAbc)]
    [InlineData(ThemeFixtures.GMajorWaltzAbc)]
    public async Task Midi_FromAbc2Midi_GivesTheSameMelodyAsTheAbc(string abc)
    {
        var midi = await Abc2Midi.ConvertAsync(abc);

        var fromMidi = Read(new MusicTheme { Midi = midi });
        var fromAbc = Read(new MusicTheme { Abc = abc });

        Assert.Equal("midi", fromMidi.Source);
        Assert.Equal(fromAbc.Key, fromMidi.Key);
        Assert.Equal(fromAbc.TimeSignature, fromMidi.TimeSignature);
        Assert.Equal(fromAbc.Bpm!.Value, fromMidi.Bpm!.Value, 0);
        Assert.Equal(fromAbc.Notes.Select(n => n.Pitch), fromMidi.Notes.Select(n => n.Pitch));
        Assert.Equal(fromAbc.Notes.Select(n => n.Duration16), fromMidi.Notes.Select(n => n.Duration16));
    }

    [Fact]
    public async Task Midi_NamedTrack_IsRead_AndAnUnknownNameListsTheTracks()
    {
        var midi = await Abc2Midi.ConvertAsync(ThemeFixtures.DMinorAbc);

        var named = Read(new MusicTheme { Midi = midi, Track = "test theme in d minor" });
        Assert.Equal("Test theme in D minor", named.Track);

        var errors = new List<FieldError>();
        Assert.Null(ThemeReader.Read(new MusicTheme { Midi = midi, Track = "Lead" }, errors));
        var error = Assert.Single(errors);
        Assert.Equal("theme.track", error.Field);
        Assert.Contains("Test theme in D minor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Midi_TruncatedAnywhere_IsNamedNeverThrown()
    {
        var midi = await Abc2Midi.ConvertAsync(ThemeFixtures.DMinorAbc);
        for (var length = 0; length < midi.Length; length += 7)
        {
            var errors = new List<FieldError>();
            var theme = ThemeReader.Read(new MusicTheme { Midi = midi[..length] }, errors);
            if (theme is null)
            {
                Assert.All(errors, e => Assert.Equal("theme.midi", e.Field));
            }
        }

        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])midi.Clone();
            bytes[random.Next(14, bytes.Length)] = (byte)random.Next(256);
            bytes[random.Next(14, bytes.Length)] = (byte)random.Next(256);
            var errors = new List<FieldError>();
            _ = ThemeReader.Read(new MusicTheme { Midi = bytes }, errors);
            Assert.All(errors, e => Assert.StartsWith("theme.", e.Field, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("X:1\nK:C\nC D E F |\n", "abc", null)]
    [InlineData("C D E F", "theme.abc", "K: field")]
    [InlineData("X:1\nM:4/4\nK:C\nC D E \u0000 F|", "theme.abc", "control character")]
    [InlineData("X:1\nM:4/4\nK:Q\nC D E|", "theme.abc", "does not name a key")]
    [InlineData("X:1\nM:4/4\nK:C\nC D E & F|", "theme.abc", "voice overlay")]
    [InlineData("X:1\nM:4/4\nK:C\nz8 | z8 |", "theme.abc", "no melodic notes")]
    [InlineData("X:1\nM:4/4\nK:C\nC D |", "theme.abc", "at least 3")]
    [InlineData("X:1\nM:4/4\nL:1/4\nK:C\nC D E F | Z40 | G A B c |", "theme.abc", "at most 32 bars")]
    [InlineData("X:1\nM:5/4\nL:1/4\nK:C\nC D E F G |", "theme.abc", "set time_signature")]
    [InlineData("X:1\nM:4/4\nQ:1/4=500\nK:C\nC D E F |", "theme.abc", "set bpm")]
    [InlineData("X:1\nM:4/4\nK:C\n\"Am C D E F |", "theme.abc", "not closed")]
    public void BadAbc_IsNamedWithItsReason(string abc, string field, string? reason)
    {
        var errors = new List<FieldError>();
        try
        {
            var resolved = SpecResolver.Resolve(new MusicSpec { Theme = new MusicTheme { Abc = abc }, Seed = 1 });
            Assert.True(reason is null, string.Join(" | ", resolved.Interpretation));
            Assert.Equal(field, resolved.Theme!.Source);
        }
        catch (RequestValidationException e)
        {
            Assert.NotNull(reason);
            var error = Assert.Single(e.Errors);
            Assert.Equal(field, error.Field);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Overrides_TransposeAndReBar_TheThemeWithNotesSayingSo()
    {
        var midi = await Abc2Midi.ConvertAsync(ThemeFixtures.GMajorWaltzAbc);

        var own = SpecResolver.Resolve(new MusicSpec { Theme = new MusicTheme { Midi = midi }, Seed = 3 });
        Assert.Equal(new MusicalKey(7, Mode.Major), own.Key);
        Assert.Equal(TimeSignature.ThreeFour, own.TimeSignature);
        Assert.Equal(132, own.Bpm, 0);

        var moved = SpecResolver.Resolve(new MusicSpec { Theme = new MusicTheme { Midi = midi }, Key = "Bb major", TimeSignature = "4/4", Bpm = 90, Seed = 3 });
        Assert.Equal(new MusicalKey(10, Mode.Major), moved.Key);
        Assert.Equal(90, moved.Bpm);
        Assert.True(moved.Interpretation.Any(n => n.Contains("transposed from G major to Bb major", StringComparison.Ordinal)), string.Join(" | ", moved.Interpretation));
        Assert.Contains(moved.Interpretation, n => n.Contains("re-barred from 3/4 to 4/4", StringComparison.Ordinal));
        Assert.Equal(own.Theme!.Notes, moved.Theme!.Notes);
    }

    [Fact]
    public void HostileAbc_IsNamedNeverThrown()
    {
        // Fragments of real ABC, shuffled and cut at random, plus control characters and stray symbols.
        string[] pieces = ["X:1\n", "M:6/8\n", "M:C|\n", "L:1/16\n", "Q:3/8=80\n", "K:Ddor\n", "K:F#m ^g\n", "[K:G]", "[L:1/4]", "[M:3/4]", "|:", ":|", "|]", "[1", "(3", "(3:2:4",
            "^^c", "__B,", "=e'", "z2", "x/", "Z4", "c3/2", "d//", "e>", "<f", "[CEG]2", "[ce", "-", "\"Am\"", "!trill!", "{g}", "~", "%c\n", "\n", " ", "\u0000", "\u001b", "é", "&", "V:2\n", "w: la\n", "0", "99999", "/0"];
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (random.Next(3) == 0)
            {
                text = "X:1\nK:C\n" + text;
            }

            var errors = new List<FieldError>();
            var theme = ThemeReader.Read(new MusicTheme { Abc = text }, errors);
            Assert.True(theme is not null || errors.Count > 0, text);
            Assert.All(errors, e => Assert.StartsWith("theme", e.Field, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Caps_AreCheckedBeforeReading()
    {
        var errors = new List<FieldError>();
        ThemeReader.Read(new MusicTheme { Midi = new byte[ThemeLimits.MaxMidiBytes + 1] }, errors);
        ThemeReader.Read(new MusicTheme { Abc = "X:1", Midi = [1] }, errors);
        ThemeReader.Read(new MusicTheme(), errors);
        ThemeReader.Read(new MusicTheme { Abc = "X:1\nK:C\nCDE|", Track = "x" }, errors);
        Assert.Equal(["theme.midi", "theme", "theme", "theme.track"], errors.Select(e => e.Field));
        Assert.Contains("at most 65536 bytes", errors[0].Message, StringComparison.Ordinal);
    }

    private static ResolvedTheme Read(MusicTheme theme)
    {
        var errors = new List<FieldError>();
        var read = ThemeReader.Read(theme, errors);
        Assert.Empty(errors);
        return read!;
    }
}
