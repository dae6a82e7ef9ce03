using Microsoft.AspNetCore.Mvc.ModelBinding;
using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Problems;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

public static class ApiExtensions
{
    /// <summary>Controllers under /v1 (URL-segment versioning), snake_case JSON and problem+json for every error.</summary>
    public static IServiceCollection AddRestApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => ProblemShape.Complete(c.HttpContext, c.ProblemDetails));
        services.AddControllers(o =>
            {
                o.Filters.Add<ProblemShapeFilter>();

                // No action binds form fields; without this MVC would read a multipart body (a theme upload) into an
                // unbounded form before the action could read it under the body limit (MultipartSpecReader).
                o.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                o.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                o.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            })
            .AddApplicationPart(typeof(ApiExtensions).Assembly)
            .AddJsonOptions(o => GatewayJson.Configure(o.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(o =>
            {
                // Query-string binding errors ("limit=abc") use the same shape as body validation.
                o.InvalidModelStateResponseFactory = context => ProblemResults.Validation(context.ModelState
                    .Where(e => e.Value?.Errors.Count > 0)
                    .SelectMany(e => e.Value!.Errors.Select(x => new FieldError(FieldOf(e.Key), string.IsNullOrEmpty(x.ErrorMessage) ? "is invalid" : x.ErrorMessage))));
            });
        services.AddApiVersioning(o =>
        {
            o.DefaultApiVersion = new ApiVersion(1, 0);
            // No api-supported-versions header: with one version it says nothing, and the contract names every header sent.
            o.ReportApiVersions = false;
            o.ApiVersionReader = new UrlSegmentApiVersionReader();
        }).AddMvc()
            // Describes "v{version}" routes as "v1/…", the paths the spec drift test compares with openapi.yaml.
            .AddApiExplorer(o =>
            {
                o.GroupNameFormat = "'v'V";
                o.SubstituteApiVersionInUrl = true;
            });
        services.AddScoped<GenerationService>();
        services.AddScoped<JobAdmission>();
        services.AddScoped<AdaptiveSets.AdaptiveSetService>();
        services.AddSingleton<GenerationEstimator>();
        services.AddScoped<GenerationFollower>();
        services.AddSingleton<FinishedGenerationCache>();
        services.AddSingleton<AudioRetention>();
        services.AddSingleton<AudioDownload>();
        services.AddSingleton<Downloads.DownloadLinks>();
        return services;
    }

    // An empty key is the request as a whole (e.g. a form body that cannot be read): report it as "body".
    private static string FieldOf(string key) => key.TrimStart('$', '.') is { Length: > 0 } field ? field : "body";

    public static IServiceCollection AddGrpcApi(this IServiceCollection services)
    {
        services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024);
        services.AddGrpcReflection();
        return services;
    }
}
