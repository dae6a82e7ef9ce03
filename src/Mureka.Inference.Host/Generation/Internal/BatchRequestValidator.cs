using Grpc.Core;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>Checks the shape of a whole call; a bad shape fails the call, whereas a bad spec fails only its item.</summary>
internal static class BatchRequestValidator
{
    public static void Validate(GenerateRequest request, int maxBatchSize)
    {
        if (request.Items.Count == 0)
        {
            throw Invalid("items must not be empty");
        }

        if (request.Items.Count > maxBatchSize)
        {
            throw Invalid($"at most {maxBatchSize} items per batch (got {request.Items.Count})");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in request.Items)
        {
            if (string.IsNullOrEmpty(item.ItemId))
            {
                throw Invalid("every item needs an item_id");
            }

            if (!seen.Add(item.ItemId))
            {
                throw Invalid($"duplicate item_id '{Truncate(item.ItemId)}'");
            }
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
