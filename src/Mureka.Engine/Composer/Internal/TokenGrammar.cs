using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Composer.Internal;

/// <summary>
/// Per-sequence state machine over the lead-sheet grammar. It decides which tokens may come next so
/// every sampled sequence keeps the requested metre, stays monophonic and in the key's scale, and
/// ends after exactly the requested number of bars.
/// </summary>
internal sealed class TokenGrammar
{
    private enum Expect
    {
        BarStart,
        AfterPosition,
        AfterChord,
        AfterNote,
        AfterDuration,
        Done,
    }

    private readonly ComposerVocabulary _vocab;
    private readonly int _barLength;
    private readonly int _targetBars;
    private readonly bool[] _inScaleNote;
    private readonly bool[] _diatonicChord;
    private Expect _expect = Expect.BarStart;
    private int _barsStarted = 1;
    private int _position = -1;
    private int _noteEnd;

    public TokenGrammar(ComposerVocabulary vocab, TimeSignature meter, Mode mode, int targetBars)
    {
        _vocab = vocab;
        _barLength = meter.SixteenthsPerBar;
        _targetBars = targetBars;
        var key = new MusicalKey(0, mode);
        _inScaleNote = new bool[vocab.Size];
        foreach (var (id, pitch) in vocab.NoteByToken)
        {
            _inScaleNote[id] = key.ContainsPitchClass(((pitch % 12) + 12) % 12);
        }

        // Chords stand on scale degrees (any quality, so V7 in minor and secondary dominants stay
        // possible); chromatic roots would pull the harmony away from the key the melody keeps to.
        _diatonicChord = new bool[vocab.Size];
        foreach (var (id, chord) in vocab.ChordByToken)
        {
            _diatonicChord[id] = key.ContainsPitchClass(chord.Root);
        }
    }

    public bool IsDone => _expect == Expect.Done;

    public int BarsStarted => _barsStarted;

    /// <summary>Fills <paramref name="allowed"/> (one flag per token id) for the next step.</summary>
    public void AllowedNext(Span<bool> allowed)
    {
        allowed.Clear();
        switch (_expect)
        {
            case Expect.BarStart:
                AllowPositions(allowed);
                break;
            case Expect.AfterPosition:
                AllowChords(allowed);
                AllowNotes(allowed);
                break;
            case Expect.AfterChord:
                AllowNotes(allowed);
                AllowPositions(allowed);
                AllowBarEnd(allowed);
                break;
            case Expect.AfterNote:
                foreach (var (id, length) in _vocab.DurationByToken)
                {
                    allowed[id] = _position + length <= _barLength;
                }

                break;
            case Expect.AfterDuration:
                AllowPositions(allowed);
                AllowBarEnd(allowed);
                break;
            case Expect.Done:
                allowed[_vocab.Pad] = true;
                break;
        }
    }

    public void Accept(int token)
    {
        if (_expect == Expect.Done)
        {
            return;
        }

        if (token == _vocab.Eos)
        {
            _expect = Expect.Done;
        }
        else if (token == _vocab.Bar)
        {
            _barsStarted++;
            _position = -1;
            _noteEnd = 0;
            _expect = Expect.BarStart;
        }
        else if (_vocab.PositionByToken.TryGetValue(token, out var position))
        {
            _position = position;
            _expect = Expect.AfterPosition;
        }
        else if (_vocab.ChordByToken.ContainsKey(token))
        {
            _expect = Expect.AfterChord;
        }
        else if (_vocab.NoteByToken.ContainsKey(token))
        {
            _expect = Expect.AfterNote;
        }
        else if (_vocab.DurationByToken.TryGetValue(token, out var length))
        {
            _noteEnd = _position + length;
            _expect = Expect.AfterDuration;
        }
        else
        {
            throw new InvalidOperationException($"Token {token} is outside the lead-sheet grammar.");
        }
    }

    /// <summary>Ends the sequence early (context window full); the decoder pads missing bars.</summary>
    public void ForceDone() => _expect = Expect.Done;

    private void AllowPositions(Span<bool> allowed)
    {
        for (var k = _position + 1; k < _barLength; k++)
        {
            allowed[_vocab.Positions[k]] = true;
        }
    }

    private void AllowChords(Span<bool> allowed)
    {
        foreach (var id in _vocab.ChordByToken.Keys)
        {
            allowed[id] = _diatonicChord[id];
        }
    }

    // A note may start only once the previous one has ended: the melody is one voice.
    private void AllowNotes(Span<bool> allowed)
    {
        if (_position < _noteEnd)
        {
            return;
        }

        foreach (var id in _vocab.NoteByToken.Keys)
        {
            allowed[id] = _inScaleNote[id];
        }
    }

    private void AllowBarEnd(Span<bool> allowed)
    {
        if (_barsStarted < _targetBars)
        {
            allowed[_vocab.Bar] = true;
        }
        else
        {
            allowed[_vocab.Eos] = true;
        }
    }
}
