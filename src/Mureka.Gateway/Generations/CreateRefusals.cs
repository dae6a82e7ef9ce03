using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Problems;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>The answers to a create that stored nothing, shared by every REST create (tracks and adaptive sets).</summary>
internal static class CreateRefusals
{
    public static bool Is(Exception e) =>
        e is BodyTooLargeException or RequestValidationException or LimitExceededException or DispatchRejectedException or GenerationConflictException;

    /// <summary>The answer to a create that stored nothing: a bad body, a plan limit, or no room on the hosts.</summary>
    public static ObjectResult Result(HttpResponse response, Exception refusal)
    {
        switch (refusal)
        {
            case BodyTooLargeException e:
                return ProblemResults.Problem(ProblemTypes.BodyTooLarge, e.Message);
            case RequestValidationException e:
                return ProblemResults.Validation(e.Errors);
            case GenerationConflictException e:
                return ProblemResults.Problem(ProblemTypes.Conflict, e.Message, "The track cannot be extended.");
            case LimitExceededException e:
                return LimitProblems.Result(response, e.Violation);
            case DispatchRejectedException e:
                response.Headers.RetryAfter = e.Admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return e.Admission.Rejection == DispatchRejection.NoHost
                    ? ProblemResults.Problem(ProblemTypes.NoCapacity, e.Message)
                    : ProblemResults.Problem(ProblemTypes.QueueFull, e.Message);
            default:
                throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "not a create refusal");
        }
    }
}
