using Mureka.Engine.Encoding;

namespace Mureka.Engine;

/// <summary>
/// Where a batch item's encoded mix goes while it renders, with the tags its file carries. The engine streams the mix
/// of a plain full-mix piece (see <see cref="RenderResult.MixStreamed"/>); anything else it renders in one pass and
/// leaves the encoding to the caller.
/// </summary>
public sealed record MixStreamTarget(IEncodedSink Sink, FileTags? Tags);
