using Grpc.Core;
using Grpc.Net.Client;
using Mureka.Contracts.Api.V1;

namespace Mureka.Streaming.Benchmarks;

/// <summary>The public gRPC API: CreateGeneration, then StreamGeneration (progress, audio chunks, the finished generation).</summary>
public sealed class GrpcStreamingClient(GrpcChannel channel, string apiKey) : StreamingClient
{
    private readonly Generations.GenerationsClient _client = new(channel);
    private readonly Metadata _auth = new() { { "authorization", $"Bearer {apiKey}" } };

    public override string Protocol => "gRPC";

    protected override async Task FollowAsync(TrackRequest request, RequestTrace trace, Func<double> now, CancellationToken cancellationToken)
    {
        var created = await _client.CreateGenerationAsync(
            new CreateGenerationRequest
            {
                Spec = new GenerationSpec { Genre = request.Genre, DurationMs = request.Seconds * 1000L, Seed = request.Seed, Format = request.Format },
            },
            _auth,
            cancellationToken: cancellationToken);
        trace.Id = created.Generation.Id;
        trace.Events.Add(new TraceEvent(now(), "created"));

        using var call = _client.StreamGeneration(new StreamGenerationRequest { Id = trace.Id }, _auth, cancellationToken: cancellationToken);
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            var at = now();
            if (message.EventCase == StreamGenerationResponse.EventOneofCase.Audio)
            {
                trace.AddAudio(at, message.Audio.Data.Span);
                continue;
            }

            trace.Events.Add(message.EventCase switch
            {
                StreamGenerationResponse.EventOneofCase.Progress => new TraceEvent(at, "progress", Fraction: message.Progress.Fraction),
                StreamGenerationResponse.EventOneofCase.Completed => new TraceEvent(at, "finished"),
                _ => new TraceEvent(at, message.EventCase.ToString()),
            });
            if (message.EventCase == StreamGenerationResponse.EventOneofCase.Completed && message.Completed.Status != GenerationStatus.Succeeded)
            {
                trace.Error = $"the generation ended {message.Completed.Status}";
            }
        }
    }
}
