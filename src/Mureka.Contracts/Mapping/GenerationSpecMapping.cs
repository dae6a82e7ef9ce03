using Mureka.Spec;

namespace Mureka.Contracts.Api.V1;

/// <summary><c>mureka.api.v1.GenerationSpec</c> → <see cref="MusicSpec"/>: a field the caller left unset stays unset.</summary>
public static class GenerationSpecMapping
{
    public static MusicSpec ToMusicSpec(this GenerationSpec? spec) => spec is null ? new MusicSpec() : SpecProtoJson.ToSpec<MusicSpec>(spec);
}
