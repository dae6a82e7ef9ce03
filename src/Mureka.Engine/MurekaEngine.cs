using Microsoft.Extensions.Logging;
using Mureka.Engine.Analysis;
using Mureka.Engine.Arrangement;
using Mureka.Engine.Composer;
using Mureka.Engine.Internal;
using Mureka.Engine.Mastering;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Spec;
using Mureka.Spec.Timing;
using Mureka.Spec.Music;

namespace Mureka.Engine;

/// <summary>
/// The default model end to end: resolve → compose (batched, ONNX) → arrange → render (FluidSynth, dry per track)
/// → mix (per genre) → master. Thread-safe; one instance per process is enough.
/// </summary>
public sealed partial class MurekaEngine : IDisposable
{
    private readonly BatchComposer _composer;
    private readonly ScoreRenderer _renderer;
    private readonly Arranger _arranger = new();
    private readonly AudioMaster _master = new();
    private readonly RenderSlots _renderSlots;

    private MurekaEngine(ComposerModel model, ScoreRenderer renderer, SoundFontIdentity soundFont, int renderWorkers)
    {
        Model = model;
        _composer = new BatchComposer(model);
        _renderer = renderer;
        _renderSlots = new RenderSlots(renderWorkers);
        SoundFont = soundFont;
        ModelVersion = VersionWithSoundFont(model.Info, soundFont);
    }

    public ComposerModel Model { get; }

    /// <summary>Items of batches that render at once (<see cref="EngineOptions.RenderWorkers"/>).</summary>
    public int RenderWorkers => _renderSlots.Count;

    /// <summary>The sample set this engine renders with (file name and SHA-256).</summary>
    public SoundFontIdentity SoundFont { get; }

    /// <summary>
    /// The version reported with every render: the pack's version when it plays the soundfont the pack names, else that
    /// version tagged with the soundfont's hash, since a different sample set makes different audio from the same seed.
    /// </summary>
    public string ModelVersion { get; }

    /// <summary>What rendered a file, as its software tag names it: the model id and <see cref="ModelVersion"/>.</summary>
    public string Software => $"{Model.Info.Id} {ModelVersion}";

    public static MurekaEngine Create(EngineOptions? options = null, ILogger? logger = null)
    {
        options ??= new EngineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EffectiveRenderWorkers, 1, nameof(options));
        var model = ComposerModel.Load(options.ModelDirectory, options.Composer, logger);
        try
        {
            var soundFontPath = options.SoundFontPath ?? SoundFontLocator.Locate();
            var renderer = new ScoreRenderer(soundFontPath);
            return new MurekaEngine(model, renderer, SoundFontIdentity.Of(soundFontPath), options.EffectiveRenderWorkers);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Composes and arranges without rendering audio: the score a render would play.</summary>
    public IReadOnlyList<Score> ComposeScores(IReadOnlyList<ResolvedMusicSpec> requests, CancellationToken cancellationToken = default)
    {
        var compositions = _composer.Compose(requests.Select(ToComposition).ToList(), null, cancellationToken);
        return requests.Select((r, i) => _arranger.Arrange(compositions[i].LeadSheet, r)).ToList();
    }

    public async Task<RenderResult> RenderAsync(ResolvedMusicSpec request, IProgress<RenderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = await RenderBatchAsync([request], progress, cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>Renders several requests; their lead sheets are sampled together in one batch.</summary>
    public async Task<IReadOnlyList<RenderResult>> RenderBatchAsync(IReadOnlyList<ResolvedMusicSpec> requests, IProgress<RenderProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var composeProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Composing, 0.3 * p)));
        var compositions = await Task.Run(() => _composer.Compose(requests.Select(ToComposition).ToList(), composeProgress, cancellationToken), cancellationToken).ConfigureAwait(false);

        var results = new List<RenderResult>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var share = 0.7 / requests.Count;
            var start = 0.3 + (i * share);
            var request = requests[i];
            var leadSheet = compositions[i].LeadSheet;
            var result = await Task.Run(() => RenderItemAsync(request, leadSheet, progress, null, cancellationToken, start, share), cancellationToken).ConfigureAwait(false);
            results.Add(result);
        }

        progress?.Report(new RenderProgress(RenderStage.Done, 1));
        return results;
    }

    private RenderResult RenderOne(ResolvedMusicSpec request, LeadSheet leadSheet, IProgress<RenderProgress>? progress, double start, double share, CancellationToken cancellationToken)
    {
        progress?.Report(new RenderProgress(RenderStage.Arranging, start));
        var score = _arranger.Arrange(leadSheet, request);
        var frames = FrameCount(request);

        var renderProgress = progress is null ? null : new InlineProgress<double>(p => progress.Report(new RenderProgress(RenderStage.Rendering, start + (share * 0.8 * p))));
        var tracks = _renderer.RenderTracks(score, new RenderOptions(request.SampleRate, frames, request.Loop), renderProgress, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new RenderProgress(RenderStage.Mastering, start + (share * 0.8)));
        var stems = ScoreMixer.Mix(score, tracks, MixProfiles.For(request.Genre), MixOptionsFor(request, score), cancellationToken);
        var masteringOptions = new MasteringOptions(Loop: request.Loop);
        var (full, curve) = _master.MasterWithCurve(stems, masteringOptions);

        // An alt mix keeps some of the full mix's stems under the full master's curve rather than being mastered on
        // its own: each part stays at its full-mix level (the version is quieter by what it leaves out).
        var mastered = request.Mix == MixVersion.Full ? full : _master.ApplyCurveUnderCeiling(AltMixes.Keep(stems, request.Mix), curve, masteringOptions);
        return new RenderResult(request, score, mastered, Describe(request, score, mastered));
    }

    /// <summary>
    /// The mix's inputs for a request: a piece's whole-piece measurements read the bars before its last body bar and
    /// ending (which close differently from one length to the next), and an extension's read the same bars of the piece
    /// it first was, so everything it keeps is mixed exactly as before. A loop measures all of itself.
    /// </summary>
    private static MixOptions MixOptionsFor(ResolvedMusicSpec request, Score score)
    {
        if (request.Loop)
        {
            return new MixOptions(request.Seed, Loop: true);
        }

        var firstBody = PieceLength.Of(request.Bpm, request.TimeSignature, request.Extends?.DurationsMs[0] ?? request.DurationMs).BodyBars;
        return new MixOptions(request.Seed, Loop: false)
        {
            MeasureFrames = firstBody >= 2 ? (int)Math.Round((firstBody - 1) * score.BarSeconds * request.SampleRate) : null,
        };
    }

    /// <summary>Loops are whole bars, exact to the sample; other pieces are exactly the requested length (<see cref="RenderedLength"/>).</summary>
    public static int FrameCount(ResolvedMusicSpec request) => checked((int)RenderedLength.Frames(request));

    private RenderMetadata Describe(ResolvedMusicSpec request, Score score, MasteredAudio audio)
    {
        var sampleRate = request.SampleRate;
        long Frame(int bar) => Math.Min(audio.Mix.Frames, (long)Math.Round(bar * score.BarSeconds * sampleRate));
        double Ms(long frame) => Math.Round(frame * 1000.0 / sampleRate, 3);
        var sections = SectionsOf(request, score, audio.Mix.Frames);

        return new RenderMetadata
        {
            ModelId = Model.Info.Id,
            ModelVersion = ModelVersion,
            SampleSet = SoundFont,
            Seed = request.Seed,
            Bpm = score.Bpm,
            MeasuredBpm = TempoEstimator.EstimateBpm(audio.Mix),
            Key = score.Key,
            MeasuredKey = KeyDetector.Detect(score),
            TimeSignature = score.Meter,
            LastOnsetMs = Ms(Math.Min(audio.Mix.Frames, (long)Math.Round(LastOnsetSeconds(score) * sampleRate))),
            DurationMs = Ms(audio.Mix.Frames),
            Frames = audio.Mix.Frames,
            SampleRate = sampleRate,
            Channels = 2,
            IntegratedLufs = Math.Round(audio.IntegratedLufs, 2),
            TruePeakDbtp = Math.Round(audio.TruePeakDbtp, 2),
            Sections = sections,
            Loop = request.Loop ? new LoopPoints(0, audio.Mix.Frames, score.BarCount) : null,
            Continuation = request.Extends is { } extension ? ContinuationOf(request, extension, Frame, Ms) : null,
            Stems = request.Stems ? audio.Stems.Keys.Order().Select(s => s.ToString().ToLowerInvariant()).ToList() : [],
            Format = request.Format,
            Genre = request.Genre,
            Request = request,
        };
    }

    /// <summary>Where each section of the score starts and ends in a render of <paramref name="frames"/> frames.</summary>
    private static List<SectionMarker> SectionsOf(ResolvedMusicSpec request, Score score, long frames)
    {
        var sampleRate = request.SampleRate;
        long Frame(int bar) => Math.Min(frames, (long)Math.Round(bar * score.BarSeconds * sampleRate));
        double Ms(long frame) => Math.Round(frame * 1000.0 / sampleRate, 3);
        return score.Sections
            .Select(s => (Section: s, Start: Frame(s.StartBar), End: Frame(s.StartBar + s.BarCount)))
            .Select(x => new SectionMarker(x.Section.Name, x.Section.StartBar, x.Section.BarCount, x.Start, x.End, Ms(x.Start), Ms(x.End)))
            .ToList();
    }

    private static ContinuationPoint ContinuationOf(ResolvedMusicSpec request, PieceExtension extension, Func<int, long> frame, Func<long, double> ms)
    {
        var joinBar = PieceLength.Of(request.Bpm, request.TimeSignature, extension.DurationsMs[^1]).BodyBars;
        var joinFrame = frame(joinBar);
        return new ContinuationPoint(joinBar, joinFrame, ms(joinFrame), RenderedLength.BilledMilliseconds(request));
    }

    private static string VersionWithSoundFont(ComposerModelInfo info, SoundFontIdentity soundFont) =>
        string.Equals(info.SoundFont?.Sha256, soundFont.Sha256, StringComparison.OrdinalIgnoreCase)
            ? info.Version
            : $"{info.Version}+sf.{soundFont.Sha256[..12]}";

    private static double LastOnsetSeconds(Score score) =>
        score.TickToSeconds(score.Tracks.SelectMany(t => t.Notes).Select(n => n.StartTick).DefaultIfEmpty(0).Max());

    private static CompositionRequest ToComposition(ResolvedMusicSpec request)
    {
        var style = GenreCatalog.TryGet(request.Genre, out var genre) ? genre.ComposerStyle : "song";

        // Genre and mood enter the composer's seed, so one seed gives a different tune in every genre and mood
        // (the model's style token alone groups genres into only two families).
        var seed = DeterministicRandom.Derive(request.Seed, $"compose/{request.Genre}/{request.Mood}");
        return new CompositionRequest(request.TimeSignature, request.Key.Mode, style, Arranger.ComposedBarsNeeded(request), seed) { Theme = request.Theme };
    }

    public void Dispose()
    {
        _renderSlots.Dispose();
        _renderer.Dispose();
        Model.Dispose();
    }
}
