using Mureka.Engine.Encoding;

namespace Mureka.Engine;

/// <summary>
/// Where a batch item's encoded mix goes while it renders, with the tags its file carries. The engine streams the full
/// mix of any piece that is not a loop (see <see cref="RenderResult.MixStreamed"/>); for anything else it leaves the
/// encoding to the caller. Streamed or not, the audio is the same.
/// </summary>
public sealed record MixStreamTarget(IEncodedSink Sink, FileTags? Tags);
