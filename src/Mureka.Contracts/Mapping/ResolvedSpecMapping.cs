using Mureka.Spec;

namespace Mureka.Contracts.Api.V1;

/// <summary><see cref="ResolvedMusicSpec"/> → <c>mureka.api.v1.ResolvedSpec</c>, the spec as gRPC callers see it.</summary>
public static class ResolvedSpecMapping
{
    public static ResolvedSpec ToProto(this ResolvedMusicSpec spec) => SpecProtoJson.ToProto<ResolvedSpec>(spec);
}
