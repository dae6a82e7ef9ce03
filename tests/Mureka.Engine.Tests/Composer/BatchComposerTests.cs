using Mureka.Engine.Composer;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.Composer;

[Collection(ComposerCollection.Name)]
public sealed class BatchComposerTests(SharedModel shared)
{
    private static readonly TimeSignature[] Meters = [TimeSignature.FourFour, TimeSignature.ThreeFour, TimeSignature.SixEight];

    [Fact]
    public void Compose_SameRequestAloneAndInBatchOf16_SameTokens()
    {
        var composer = new BatchComposer(shared.Model);
        var target = new CompositionRequest(TimeSignature.FourFour, Mode.Minor, "song", 8, Seed: 1234);
        var others = Enumerable.Range(0, 15)
            .Select(i => new CompositionRequest(Meters[i % 3], i % 2 == 0 ? Mode.Major : Mode.Minor, i % 2 == 0 ? "folk" : "song", 2 + (i % 12), (ulong)(i * 7919)))
            .ToList();
        var batch = others.Take(9).Append(target).Concat(others.Skip(9)).ToList();

        var alone = composer.Compose([target]).Single();
        var inBatch = composer.Compose(batch)[9];

        Assert.Equal(alone.Tokens, inBatch.Tokens);
    }

    [Fact]
    public void Compose_DifferentSeeds_DifferentMelodies()
    {
        var composer = new BatchComposer(shared.Model);

        var results = composer.Compose([
            new CompositionRequest(TimeSignature.FourFour, Mode.Major, "folk", 4, 1),
            new CompositionRequest(TimeSignature.FourFour, Mode.Major, "folk", 4, 2),
        ]);

        Assert.NotEqual(results[0].Tokens, results[1].Tokens);
    }

    [Theory]
    [InlineData(4, 4, Mode.Major, 8)]
    [InlineData(3, 4, Mode.Minor, 6)]
    [InlineData(6, 8, Mode.Major, 12)]
    public void Compose_Request_KeepsMetreLengthAndScale(int numerator, int denominator, Mode mode, int bars)
    {
        var meter = new TimeSignature(numerator, denominator);
        var composer = new BatchComposer(shared.Model);

        var sheets = composer.Compose(Enumerable.Range(0, 4).Select(seed => new CompositionRequest(meter, mode, "song", bars, (ulong)seed)).ToList());

        var key = new MusicalKey(0, mode);
        foreach (var sheet in sheets.Select(s => s.LeadSheet))
        {
            Assert.Equal(bars, sheet.Bars.Count);
            Assert.Equal(meter, sheet.Meter);
            var notes = sheet.Bars.SelectMany(b => b.Notes).ToList();
            Assert.NotEmpty(notes);
            Assert.All(notes, n => Assert.True(n.Position16 + n.Duration16 <= meter.SixteenthsPerBar, $"note overruns its bar: {n}"));
            Assert.All(notes, n => Assert.True(key.ContainsPitchClass(((n.RelativePitch % 12) + 12) % 12), $"out of scale: {n}"));
            foreach (var bar in sheet.Bars)
            {
                for (var i = 1; i < bar.Notes.Count; i++)
                {
                    Assert.True(bar.Notes[i].Position16 >= bar.Notes[i - 1].Position16 + bar.Notes[i - 1].Duration16, "melody must be one voice");
                }
            }
        }
    }

    [Fact]
    public void Compose_Canceled_Throws()
    {
        var composer = new BatchComposer(shared.Model);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => composer.Compose([new CompositionRequest(TimeSignature.FourFour, Mode.Major, "folk", 4, 1)], null, cts.Token));
    }
}
