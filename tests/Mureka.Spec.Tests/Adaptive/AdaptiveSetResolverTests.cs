using System.Text.Json;
using Mureka.Spec.Adaptive;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Tests.Adaptive;

public sealed class AdaptiveSetResolverTests
{
    [Fact]
    public void Preset_SharesTempoKeyMetreAndFormat_AcrossEveryRender()
    {
        var set = AdaptiveSetResolver.Resolve(new AdaptiveSetSpec { Preset = "action", Bpm = 110, Key = "D minor", Seed = 7, SampleRate = 48_000, BitDepth = 24 });

        Assert.Equal(["explore", "tension", "combat", "boss"], set.States.Select(s => s.Name));
        Assert.Equal(12, set.Transitions.Count);
        Assert.Equal(["victory", "defeat", "discovery"], set.Stingers.Select(s => s.Name));
        var specs = set.States.Select(s => s.Spec).Concat(set.Transitions.Select(t => t.Spec)).Concat(set.Stingers.Select(s => s.Spec)).ToList();
        Assert.All(specs, s => Assert.Equal((110.0, "4/4", AudioFormat.Wav, 48_000, 24), (s.Bpm, s.TimeSignature.ToString(), s.Format, s.SampleRate, s.BitDepth)));
        Assert.All(specs, s => Assert.Equal(MusicalKey.Parse("D minor"), s.Key));
        Assert.All(set.States, s => Assert.True(s.Spec.Loop && RenderedLength.LoopBars(s.Spec) == AdaptiveLimits.DefaultBars));
        Assert.Equal(specs.Count, specs.Select(s => s.Seed).Distinct().Count());
        Assert.Equal(["cinematic-orchestral", "cinematic-orchestral", "epic-trailer", "epic-trailer"], set.States.Select(s => s.Spec.Genre));
    }

    [Fact]
    public void ShortPieces_EndOnTheBarLine_AndTheBillCountsEachStateOnce()
    {
        var set = AdaptiveSetResolver.Resolve(new AdaptiveSetSpec { Preset = "stealth", Bpm = 96, TransitionBars = 2, Seed = 3 });

        foreach (var transition in set.Transitions)
        {
            var length = PieceLength.Of(transition.Spec.Bpm, transition.Spec.TimeSignature, transition.Spec.DurationMs);
            Assert.Equal((2, 0), (length.BodyBars, length.EndingEighths));
        }

        var expected = set.States.Sum(s => RenderedLength.Milliseconds(s.Spec)) + set.Transitions.Sum(t => RenderedLength.Milliseconds(t.Spec)) + set.Stingers.Sum(s => RenderedLength.Milliseconds(s.Spec));
        Assert.Equal(expected, set.BilledMilliseconds);
        Assert.Equal(3 * 8 * 2500, set.States.Sum(s => RenderedLength.Milliseconds(s.Spec)));
    }

    [Fact]
    public void SameRequest_ResolvesTheSame()
    {
        var request = new AdaptiveSetSpec { States = [new() { Name = "calm", Mood = "calm" }, new() { Name = "fight", Mood = "epic", Genre = "rock", Key = "A minor" }], Key = "D minor", Seed = 99, Transitions = [new() { From = "calm", To = "fight" }], Stingers = [] };

        var once = JsonSerializer.Serialize(AdaptiveSetResolver.Resolve(request), SpecJson.Options);
        var again = JsonSerializer.Serialize(AdaptiveSetResolver.Resolve(request), SpecJson.Options);

        Assert.Equal(once, again);
        var set = AdaptiveSetResolver.Resolve(request);
        Assert.Equal(("calm", "fight"), (set.Transitions.Single().From, set.Transitions.Single().To));
        Assert.Equal("A minor", set.Transitions.Single().Spec.Key.Name);
        Assert.Empty(set.Stingers);
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { """{"preset": "racing"}""", "preset" },
        { """{"preset": "action", "states": [{"name": "a"}]}""", "preset" },
        { """{"states": []}""", "states" },
        { """{"states": [{"name": "a"},{"name": "b"},{"name": "c"},{"name": "d"},{"name": "e"},{"name": "f"},{"name": "g"},{"name": "h"},{"name": "i"}]}""", "states" },
        { """{"states": [null]}""", "states[0]" },
        { """{"states": [{"name": "Loud Bit"}]}""", "states[0].name" },
        { """{"states": [{"name": "a\u0000b"}]}""", "states[0].name" },
        { """{"states": [{"name": "\u00e9"}]}""", "states[0].name" },
        { """{"states": [{"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}""", "states[0].name" },
        { """{"states": [{"name": "a"}, {"name": "a"}]}""", "states[1].name" },
        { """{"states": [{"name": "a", "genre": "polka"}]}""", "states[0].genre" },
        { """{"states": [{"name": "a", "mood": "grumpy"}]}""", "states[0].mood" },
        { """{"states": [{"name": "a", "bars": 6}]}""", "states[0].bars" },
        { """{"states": [{"name": "a", "bars": 68}]}""", "states[0].bars" },
        { """{"states": [{"name": "a", "key": "F# major"}], "key": "D minor"}""", "states[0].key" },
        { """{"states": [{"name": "a", "key": "H"}]}""", "states[0].key" },
        { """{"bars": 0}""", "bars" },
        { """{"layers": 4}""", "layers" },
        { """{"transition_bars": 9}""", "transition_bars" },
        { """{"transitions": [{"from": "explore", "to": "nowhere"}]}""", "transitions[0].to" },
        { """{"transitions": [{"to": "boss"}]}""", "transitions[0].from" },
        { """{"transitions": [{"from": "boss", "to": "boss"}]}""", "transitions[0].to" },
        { """{"transitions": [{"from": "boss", "to": "combat"}, {"from": "boss", "to": "combat"}]}""", "transitions[1]" },
        { """{"transitions": [null]}""", "transitions[0]" },
        { """{"stingers": ["fanfare"]}""", "stingers[0]" },
        { """{"stingers": ["victory", "victory"]}""", "stingers[1]" },
        { """{"stingers": [null]}""", "stingers[0]" },
        { """{"bpm": 500}""", "bpm" },
        { """{"sample_rate": 22050}""", "sample_rate" },
        { """{"key": "Q minor"}""", "key" },
        { """{"time_signature": "5/4"}""", "time_signature" },
        { """{"title": "a\u0001b"}""", "title" },
        { """{"bpm": 40, "bars": 64}""", "states[0].bars" },
        { """{"bpm": 40, "bars": 32, "states": [{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"},{"name":"e"},{"name":"f"},{"name":"g"},{"name":"h"}]}""", "states" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void BadInput_NamesTheField(string json, string field)
    {
        var request = JsonSerializer.Deserialize<AdaptiveSetSpec>(json, SpecJson.Options)!;

        var ex = Assert.Throws<RequestValidationException>(() => AdaptiveSetResolver.Resolve(request));

        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void EveryBadField_IsReportedAtOnce()
    {
        var request = new AdaptiveSetSpec { States = [new() { Name = "A" }, new() { Name = "b", Mood = "grumpy", Bars = 3 }], Layers = 0, Stingers = ["x"] };

        var ex = Assert.Throws<RequestValidationException>(() => AdaptiveSetResolver.Resolve(request));

        Assert.Equal(["layers", "states[0].name", "states[1].bars", "states[1].mood", "stingers[0]"], ex.Errors.Select(e => e.Field).Order());
    }

    /// <summary>Hostile values in every field: each is either resolved or refused with named fields, never anything else.</summary>
    [Fact]
    public void HostileValues_AreResolvedOrRefusedByName()
    {
        var random = new Random(15);
        string[] texts = ["", " ", "\u0000", "a\u0007b", "\uD800", "ｅｘｐｌｏｒｅ", "explore", "boss", "D minor", "jazz", "calm", "victory", new string('x', 5000), "-1", "1e400"];
        long[] numbers = [0, -1, 1, 4, 8, 3, 64, 65, 44100, 48000, 24, 16, int.MaxValue, long.MinValue];
        for (var i = 0; i < 2000; i++)
        {
            string Text() => texts[random.Next(texts.Length)];
            int Int() => (int)Math.Clamp(numbers[random.Next(numbers.Length)], int.MinValue, int.MaxValue);
            var request = new AdaptiveSetSpec
            {
                Preset = random.Next(4) == 0 ? Text() : null,
                Genre = random.Next(3) == 0 ? Text() : null,
                Key = random.Next(3) == 0 ? Text() : null,
                Bpm = random.Next(3) == 0 ? numbers[random.Next(numbers.Length)] : null,
                Bars = random.Next(3) == 0 ? Int() : null,
                Layers = random.Next(3) == 0 ? Int() : null,
                TransitionBars = random.Next(3) == 0 ? Int() : null,
                SampleRate = random.Next(3) == 0 ? Int() : null,
                Seed = random.Next(3) == 0 ? numbers[random.Next(numbers.Length)] : null,
                Title = random.Next(3) == 0 ? Text() : null,
                States = random.Next(2) == 0 ? null : [.. Enumerable.Range(0, random.Next(10)).Select(_ => random.Next(8) == 0 ? null : new AdaptiveStateSpec { Name = Text(), Mood = random.Next(2) == 0 ? Text() : null, Bars = random.Next(2) == 0 ? Int() : null, Key = random.Next(3) == 0 ? Text() : null })],
                Transitions = random.Next(2) == 0 ? null : [.. Enumerable.Range(0, random.Next(4)).Select(_ => new AdaptiveTransitionSpec { From = Text(), To = Text() })],
                Stingers = random.Next(2) == 0 ? null : [.. Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(5) == 0 ? null : Text())],
            };

            try
            {
                var set = AdaptiveSetResolver.Resolve(request);
                Assert.NotEmpty(set.States);
                Assert.InRange(set.BilledMilliseconds, 1, AdaptiveLimits.MaxTotalMs);
            }
            catch (RequestValidationException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(e.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Field)));
            }
        }
    }
}
