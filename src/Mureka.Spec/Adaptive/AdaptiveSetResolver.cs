using System.Globalization;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Adaptive;

/// <summary>Turns an <see cref="AdaptiveSetSpec"/> into a <see cref="ResolvedAdaptiveSet"/>, naming every bad field.</summary>
public static class AdaptiveSetResolver
{
    /// <exception cref="RequestValidationException">When any field is invalid; lists every invalid field.</exception>
    public static ResolvedAdaptiveSet Resolve(AdaptiveSetSpec request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        var states = StateRequests(request, errors);
        var layers = Range(request.Layers, AdaptiveLimits.MaxLayers, AdaptiveLimits.MinLayers, AdaptiveLimits.MaxLayers, "layers", errors);
        var transitionBars = Range(request.TransitionBars, AdaptiveLimits.DefaultTransitionBars, AdaptiveLimits.MinTransitionBars, AdaptiveLimits.MaxTransitionBars, "transition_bars", errors);
        if (request.Bars is { } bars)
        {
            Bars(bars, "bars", errors);
        }

        // The shared decisions (tempo, key, metre, seed, theme) come from one resolution of the set's own fields, so a
        // set fixes them the way a single generation would.
        var home = Home(request, states, errors);
        if (home is null)
        {
            throw new RequestValidationException(errors);
        }

        var resolvedStates = states.Select((s, i) => State(request, home, s, i, errors)).ToList();
        var names = states.Select(s => s.Name).ToList();
        var transitions = Transitions(request.Transitions, names, errors);
        var stingers = Stingers(request.Stingers, errors);
        CatalogueFields.Title(request.Title, errors);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var set = new ResolvedAdaptiveSet
        {
            Model = home.Model,
            Bpm = home.Bpm,
            Key = home.Key,
            TimeSignature = home.TimeSignature,
            Layers = layers,
            TransitionBars = transitionBars,
            SampleRate = home.SampleRate,
            BitDepth = home.BitDepth,
            Seed = home.Seed,
            Theme = home.Theme,
            States = [.. resolvedStates.OfType<ResolvedAdaptiveState>()],
            Transitions = [.. transitions.Select(t => Transition(home, resolvedStates.OfType<ResolvedAdaptiveState>().Single(s => s.Name == t.To), t.From, transitionBars))],
            Stingers = [.. stingers.Select(kind => Stinger(home, kind))],
        };

        if (set.BilledMilliseconds > AdaptiveLimits.MaxTotalMs)
        {
            throw new RequestValidationException([new("states", $"the set would render {set.BilledMilliseconds / 1000.0:0.#} s of audio; at most {AdaptiveLimits.MaxTotalMs / 1000} s (fewer states, bars, transitions or stingers)")]);
        }

        return set;
    }

    private sealed record StateRequest(string Name, string? Genre, string? Mood, int? Bars, string? Key, string Field);

    private static List<StateRequest> StateRequests(AdaptiveSetSpec request, List<FieldError> errors)
    {
        if (request.States is { } states)
        {
            if (request.Preset is not null)
            {
                errors.Add(new("preset", "give either a preset or states, not both"));
            }

            if (states.Count is < 1 or > AdaptiveLimits.MaxStates)
            {
                errors.Add(new("states", $"must hold 1 to {AdaptiveLimits.MaxStates} states (got {states.Count})"));
                return [];
            }

            var result = new List<StateRequest>(states.Count);
            for (var i = 0; i < states.Count; i++)
            {
                var field = $"states[{i}]";
                if (states[i] is not { } state)
                {
                    errors.Add(new(field, "must be an object with at least a name"));
                    continue;
                }

                if (Name(state.Name, $"{field}.name", errors) is { } name)
                {
                    if (result.Any(r => r.Name == name))
                    {
                        errors.Add(new($"{field}.name", $"'{name}' names two states; state names must be unique"));
                        continue;
                    }

                    result.Add(new(name, state.Genre, state.Mood, state.Bars, state.Key, field));
                }
            }

            return result;
        }

        var presetName = request.Preset ?? AdaptivePresets.Default;
        if (!AdaptivePresets.All.TryGetValue(presetName, out var preset))
        {
            errors.Add(new("preset", $"unknown preset '{SpecFields.Truncate(presetName)}'; expected one of: {string.Join(", ", AdaptivePresets.All.Keys)}"));
            return [];
        }

        return [.. preset.Select((p, i) => new StateRequest(p.Name, request.Genre is null ? p.Genre : null, p.Mood, null, null, $"states[{i}]"))];
    }

    private static string? Name(string? name, string field, List<FieldError> errors)
    {
        if (name is { Length: > 0 and <= AdaptiveLimits.MaxNameLength } && IsNameStart(name[0]) && name.All(c => IsNameStart(c) || c is '-' or '_'))
        {
            return name;
        }

        errors.Add(new(field, $"must be 1 to {AdaptiveLimits.MaxNameLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit (it names files and middleware objects)"));
        return null;

        static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
    }

    private static ResolvedMusicSpec? Home(AdaptiveSetSpec request, List<StateRequest> states, List<FieldError> errors)
    {
        var genre = request.Genre ?? states.Select(s => s.Genre).FirstOrDefault(g => g is not null && GenreProfiles.TryGet(g, out _));
        try
        {
            return SpecResolver.Resolve(new MusicSpec
            {
                Model = request.Model,
                Genre = genre,
                Bpm = request.Bpm,
                Key = request.Key,
                TimeSignature = request.TimeSignature,
                Seed = request.Seed,
                Format = "wav",
                SampleRate = request.SampleRate,
                BitDepth = request.BitDepth,
                Theme = request.Theme,
                Loop = true,
            });
        }
        catch (RequestValidationException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }

    private static ResolvedAdaptiveState? State(AdaptiveSetSpec request, ResolvedMusicSpec home, StateRequest state, int index, List<FieldError> errors)
    {
        var own = new List<FieldError>();
        var bars = state.Bars ?? request.Bars ?? AdaptiveLimits.DefaultBars;
        if (state.Bars is { } given)
        {
            Bars(given, $"{state.Field}.bars", own);
        }
        else if (request.Bars is not null && !IsValidBars(bars))
        {
            // The set's own bars are wrong, and already named as such.
            return null;
        }

        var key = home.Key;
        if (state.Key is { } keyText && SpecFields.Key(keyText, own) is { } parsed)
        {
            key = parsed;
            if (!IsRelated(home.Key, parsed))
            {
                own.Add(new("key", $"'{parsed.Name}' is not related to the set's key {home.Key.Name}; use {home.Key.Name}, {Shifted(home.Key, 7).Name} (dominant) or {Shifted(home.Key, 5).Name} (subdominant)"));
            }
        }

        var genre = state.Genre ?? request.Genre ?? home.Genre;
        if (state.Genre is not null)
        {
            SpecFields.Genre(state.Genre, own);
        }

        if (state.Mood is not null)
        {
            SpecFields.Mood(state.Mood, own);
        }

        var loopMs = LengthMs(home, bars, ringOut: false);
        if (own.Count == 0 && loopMs > AdaptiveLimits.MaxStateMs)
        {
            own.Add(new("bars", $"{bars} bars at {home.Bpm.ToString(CultureInfo.InvariantCulture)} bpm last {loopMs / 1000.0:0.#} s; a state loops at most {AdaptiveLimits.MaxStateMs / 1000} s"));
        }

        errors.AddRange(own.Select(e => e.Field.StartsWith("states[", StringComparison.Ordinal) ? e : e with { Field = $"{state.Field}.{e.Field}" }));
        if (own.Count > 0)
        {
            return null;
        }

        var spec = Part(home, genre, state.Mood, key, loopMs, loop: true, $"state/{state.Name}") with { Intensity = SpecLimits.MaxIntensity };
        return new ResolvedAdaptiveState(state.Name, bars, spec);
    }

    private static ResolvedAdaptiveTransition Transition(ResolvedMusicSpec home, ResolvedAdaptiveState to, string from, int bars) =>
        new(from, to.Name, bars, Part(home, to.Spec.Genre, to.Spec.Mood, to.Spec.Key, LengthMs(home, bars, ringOut: true), loop: false, $"transition/{from}/{to.Name}"));

    private static ResolvedStinger Stinger(ResolvedMusicSpec home, string kind) =>
        new(kind, Part(home, home.Genre, AdaptiveStingers.Moods[kind], home.Key, LengthMs(home, AdaptiveStingers.Bars, ringOut: true), loop: false, $"stinger/{kind}"));

    /// <summary>One render of the set, resolved as a generation with the set's tempo, metre, format and theme fixed.</summary>
    private static ResolvedMusicSpec Part(ResolvedMusicSpec home, string genre, string? mood, MusicalKey key, long durationMs, bool loop, string name)
    {
        var resolved = SpecResolver.Resolve(new MusicSpec
        {
            Model = home.Model,
            Genre = genre,
            Mood = mood,
            Bpm = home.Bpm,
            Key = key.Name,
            TimeSignature = home.TimeSignature.ToString(),
            DurationMs = durationMs,
            Seed = (long)DeriveSeed(home.Seed, name),
            Format = "wav",
            SampleRate = home.SampleRate,
            BitDepth = home.BitDepth,
            Loop = loop,
        });
        return resolved with { Theme = home.Theme };
    }

    /// <summary>
    /// Whole bars to the millisecond; a piece (transition, stinger) adds a ring-out midway between the shortest and
    /// longest an ending allows, so its final hit lands exactly on the bar line after them (<see cref="PieceLength"/>).
    /// </summary>
    private static long LengthMs(ResolvedMusicSpec home, int bars, bool ringOut)
    {
        var seconds = bars * home.TimeSignature.QuarterNotesPerBar * 60.0 / home.Bpm;
        if (ringOut)
        {
            seconds += (TempoFitter.MinRingOutSeconds + TempoFitter.MaxRingOutSeconds) / 2;
        }

        return (long)Math.Round(seconds * 1000);
    }

    private static List<(string From, string To)> Transitions(IReadOnlyList<AdaptiveTransitionSpec?>? requested, List<string> names, List<FieldError> errors)
    {
        if (requested is null)
        {
            return [.. names.SelectMany(from => names.Where(to => to != from).Select(to => (from, to)))];
        }

        var maxTransitions = AdaptiveLimits.MaxStates * (AdaptiveLimits.MaxStates - 1);
        if (requested.Count > maxTransitions)
        {
            errors.Add(new("transitions", $"at most {maxTransitions} transitions (got {requested.Count})"));
            return [];
        }

        var result = new List<(string, string)>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"transitions[{i}]";
            if (requested[i] is not { } transition)
            {
                errors.Add(new(field, "must be an object with from and to"));
                continue;
            }

            var from = StateName(transition.From, $"{field}.from", names, errors);
            var to = StateName(transition.To, $"{field}.to", names, errors);
            if (from is null || to is null)
            {
                continue;
            }

            if (from == to)
            {
                errors.Add(new($"{field}.to", "a transition goes to another state (a state loops into itself)"));
            }
            else if (result.Contains((from, to)))
            {
                errors.Add(new(field, $"the transition {from} → {to} is listed twice"));
            }
            else
            {
                result.Add((from, to));
            }
        }

        return result;
    }

    private static string? StateName(string? name, string field, List<string> names, List<FieldError> errors)
    {
        if (name is not null && names.Contains(name))
        {
            return name;
        }

        errors.Add(new(field, name is null ? "is required" : $"'{SpecFields.Truncate(name)}' is not one of the set's states ({string.Join(", ", names)})"));
        return null;
    }

    private static List<string> Stingers(IReadOnlyList<string?>? requested, List<FieldError> errors)
    {
        if (requested is null)
        {
            return [.. AdaptiveStingers.Moods.Keys];
        }

        var result = new List<string>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is not { } kind || !AdaptiveStingers.Moods.ContainsKey(kind))
            {
                errors.Add(new($"stingers[{i}]", $"'{SpecFields.Truncate(requested[i] ?? "null")}' is not a stinger; expected one of: {string.Join(", ", AdaptiveStingers.Moods.Keys)}"));
            }
            else if (result.Contains(kind))
            {
                errors.Add(new($"stingers[{i}]", $"'{kind}' is listed twice"));
            }
            else
            {
                result.Add(kind);
            }
        }

        return result;
    }

    private static bool IsValidBars(int bars) =>
        bars is >= AdaptiveLimits.MinBars and <= AdaptiveLimits.MaxBars && bars % AdaptiveLimits.BarsMultiple == 0;

    private static void Bars(int bars, string field, List<FieldError> errors)
    {
        if (!IsValidBars(bars))
        {
            errors.Add(new(field, $"must be a multiple of {AdaptiveLimits.BarsMultiple} from {AdaptiveLimits.MinBars} to {AdaptiveLimits.MaxBars}: a state loops whole {AdaptiveLimits.BarsMultiple}-bar phrases (got {bars})"));
        }
    }

    private static int Range(int? value, int fallback, int min, int max, string field, List<FieldError> errors)
    {
        if (value is not { } given)
        {
            return fallback;
        }

        if (given < min || given > max)
        {
            errors.Add(new(field, $"must be between {min} and {max} (got {given})"));
            return fallback;
        }

        return given;
    }

    private static bool IsRelated(MusicalKey home, MusicalKey key) =>
        key == home || key == Shifted(home, 7) || key == Shifted(home, 5);

    private static MusicalKey Shifted(MusicalKey key, int semitones) => key with { TonicPitchClass = (key.TonicPitchClass + semitones) % 12 };

    /// <summary>A seed for one render of the set (FNV-1a of its name mixed into the set's seed), below 2^53 like every seed.</summary>
    private static ulong DeriveSeed(ulong seed, string name)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 29;
        return hash & (ulong)SpecLimits.MaxSeed;
    }
}
